namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>An empty database of one test's own on the shared server, dropped when the test ends.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    readonly PostgresServer _server;

    ScratchDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
    }

    public string Name { get; }
    public string ConnectionString => _server.ConnectionString(Name);

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var name = $"t_{Guid.NewGuid():N}";
        await server.CreateDatabaseAsync(name);
        return new ScratchDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _server.DropDatabaseAsync(Name);
    }
}
