using Dapper;
using EvolveDb;
using Microsoft.Data.Sqlite;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

public static class LocalDbExtensions
{
    public static WebApplicationBuilder AddLocalDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.ResolveDataDirectory();
            DataFolder.EnsureOwnerOnly(directory);
            return new LocalDatabase(directory);
        });
        // Dapper maps DateTimeOffset itself unless the built-in map is removed first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
        return builder;
    }

    /// <summary>
    /// Applies <c>db/sqlite</c> before the API listens. A failure is fatal: the process must not serve on a schema it does not know.
    /// </summary>
    public static void MigrateLocalDatabase(this WebApplication app)
    {
        var db = app.Services.GetRequiredService<LocalDatabase>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WorkspaceOrganizer.LocalDb");
        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        var evolve = new Evolve(connection, message => logger.LogDebug("{EvolveMessage}", message))
        {
            Locations = [Path.Combine(AppContext.BaseDirectory, "db", "sqlite")],
            IsEraseDisabled = true,
            MetadataTableName = "schema_changelog",
        };
        try
        {
            evolve.Migrate();
        }
        catch (Exception e)
        {
            logger.LogCritical("The local database {Path} could not be migrated, so the API stops: {Reason}", db.FilePath, e.Message);
            throw;
        }
        logger.LogInformation("Local database {Path} is at schema version {Version} ({Applied} migration(s) applied now)",
            db.FilePath, evolve.AppliedMigrations.LastOrDefault()?.ToString() ?? "current", evolve.NbMigration);
    }
}
