using System.Text.RegularExpressions;
using Dapper;
using EvolveDb;
using Microsoft.Extensions.Options;
using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Applies <c>db/shared</c> with Evolve. Evolve serialises migrators with a PostgreSQL session advisory lock but waits for
/// it without end; this class takes the same lock first, on the same session, and gives the wait a deadline — so
/// concurrent instances apply each script exactly once and none waits forever.
/// </summary>
public sealed partial class SharedMigrations(IOptions<SharedDbOptions> options, ILogger<SharedMigrations> logger)
{
    /// <summary>The key Evolve 3.2 uses for its PostgreSQL advisory lock.</summary>
    const long EvolveLockKey = 12345;
    const string MetadataTable = "schema_changelog";

    public static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "db", "shared");

    /// <summary>Versions of the scripts this build carries, in order.</summary>
    public static IReadOnlyList<string> KnownVersions { get; } = Directory.Exists(ScriptsFolder)
        ? Directory.EnumerateFiles(ScriptsFolder, "V*__*.sql")
            .Select(f => ScriptVersion().Match(Path.GetFileName(f)).Groups[1].Value.Replace('_', '.'))
            .OrderBy(ParseVersion).ToList()
        : [];

    public static string ExpectedVersion => KnownVersions.Count == 0 ? "0" : KnownVersions[^1];

    const string TableExistsSql = "SELECT to_regclass('public.schema_changelog') IS NOT NULL";
    /// <summary>Evolve's metadata rows of type 0 are applied versioned migrations.</summary>
    const string AppliedSql = "SELECT version FROM schema_changelog WHERE success AND type = 0";
    const string UsersTableExistsSql = "SELECT to_regclass('public.team_users') IS NOT NULL";
    const string UsersExistSql = "SELECT EXISTS (SELECT 1 FROM team_users)";

    /// <summary>
    /// The extensions <c>db/shared</c> creates (V4: <c>pg_trgm</c> for the script search). A trusted extension such as
    /// pg_trgm (since PostgreSQL 13) can be created by an account with CREATE on the database; otherwise only a superuser
    /// can. Checked before anything is applied, so that a database without them is refused by name and left as it was
    /// instead of failing half-way through the scripts with PostgreSQL's "permission denied".
    /// </summary>
    public static IReadOnlyList<string> RequiredExtensions { get; } = ["pg_trgm"];

    /// <summary>Of <see cref="RequiredExtensions"/>, those neither installed in the database nor creatable by this account, with why.</summary>
    const string MissingExtensionsSql = """
        SELECT e.name AS Name,
               CASE WHEN a.name IS NULL THEN 'is not installed on the PostgreSQL server (the contrib package provides it)'
                    ELSE 'is not in this database, and this account may not create it (it needs CREATE on the database, or a superuser to create it first)'
               END AS Reason
        FROM unnest(@Names::text[]) AS e(name)
        LEFT JOIN LATERAL (SELECT v.name, bool_or(v.trusted) AS trusted FROM pg_available_extension_versions v
                           WHERE v.name = e.name GROUP BY v.name) a ON true
        WHERE NOT EXISTS (SELECT 1 FROM pg_extension x WHERE x.extname = e.name)
          AND NOT (a.name IS NOT NULL
                   AND ((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)
                        OR (a.trusted AND has_database_privilege(current_database(), 'CREATE'))))
        ORDER BY e.name
        """;

    /// <summary>The required extensions this account cannot have; empty when migrating can create or find them all.</summary>
    public static async Task<IReadOnlyList<MissingExtension>> MissingExtensionsAsync(NpgsqlConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<MissingExtension>(new CommandDefinition(MissingExtensionsSql, new { Names = RequiredExtensions.ToArray() }, cancellationToken: ct))).AsList();

    /// <summary>What the database holds compared with this build; and whether it already has team accounts.</summary>
    public static async Task<(SchemaInfo Schema, bool HasUsers)> InspectAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(TableExistsSql, cancellationToken: ct))
            ? (await connection.QueryAsync<string>(new CommandDefinition(AppliedSql, cancellationToken: ct))).ToList()
            : [];
        var current = applied.OrderBy(ParseVersion).LastOrDefault();
        var pending = KnownVersions.Where(v => !applied.Contains(v)).ToList();
        var hasUsers = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(UsersTableExistsSql, cancellationToken: ct))
            && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(UsersExistSql, cancellationToken: ct));
        return (new SchemaInfo(current, ExpectedVersion, pending), hasUsers);
    }

    public static bool IsNewerThanThisBuild(SchemaInfo schema) =>
        schema.Current is not null && ParseVersion(schema.Current) > ParseVersion(schema.Expected);

    /// <summary>Applies pending scripts; returns the names applied by this call (none when another instance did it).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await AcquireLockAsync(connection, ct);
        try
        {
            var evolve = new Evolve(connection, message => logger.LogDebug("{EvolveMessage}", message))
            {
                Locations = [ScriptsFolder],
                IsEraseDisabled = true,
                MetadataTableName = MetadataTable,
                CommandTimeout = options.Value.MigrationCommandTimeoutSeconds,
            };
            evolve.Migrate();
            var applied = evolve.AppliedMigrations.Select(m => m.ToString()).ToList();
            if (applied.Count > 0)
                logger.LogInformation("Shared database migrated: {Applied}", string.Join(", ", applied));
            return applied;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = EvolveLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + options.Value.MigrationLockTimeout;
        while (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@Key)", new { Key = EvolveLockKey }, cancellationToken: ct)))
        {
            if (DateTimeOffset.UtcNow >= deadline)
                throw new TimeoutException($"Another instance held the migration lock for longer than {options.Value.MigrationLockTimeout.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    static Version ParseVersion(string version)
    {
        var parts = version.Split('.', '_').Select(p => int.TryParse(p, out var n) ? n : 0).ToList();
        while (parts.Count < 2) parts.Add(0);
        return new Version(string.Join('.', parts.Take(4)));
    }

    [GeneratedRegex(@"^V([0-9][0-9._]*)__", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptVersion();
}

/// <summary>A required extension the database lacks and why this account cannot create it.</summary>
public sealed record MissingExtension(string Name, string Reason);

/// <summary>Migrating would need extensions this account cannot have; nothing was applied.</summary>
public sealed class MissingExtensionsException(IReadOnlyList<MissingExtension> missing)
    : Exception("The shared database cannot take this schema: " + string.Join("; ", missing.Select(m => $"the PostgreSQL extension '{m.Name}' {m.Reason}")) + ". Nothing was changed.")
{
    public IReadOnlyList<MissingExtension> Missing { get; } = missing;
}
