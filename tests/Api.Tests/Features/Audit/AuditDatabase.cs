using EvolveDb;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary>
/// A database of its own with the shared schema (<c>db/shared</c>) applied, for one test. The audit chain is one
/// sequence per database, so a test that asserts where the chain starts, or tampers with it, cannot share one.
/// </summary>
public sealed class AuditDatabase : IAsyncLifetime
{
    readonly PostgresDatabase _database = new();

    public string ConnectionString => _database.ConnectionString;

    public Task<NpgsqlConnection> OpenConnectionAsync() => _database.OpenConnectionAsync();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var connection = new NpgsqlConnection(ConnectionString);
        new Evolve(connection, _ => { })
        {
            Locations = [Path.Combine(AppContext.BaseDirectory, "db", "shared")],
            IsEraseDisabled = true,
        }.Migrate();
    }

    public Task DisposeAsync() => _database.DisposeAsync();
}
