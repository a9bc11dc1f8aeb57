using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// An empty database of its own for one test class, on the shared server: <c>IClassFixture&lt;PostgresDatabase&gt;</c>.
/// Created before the class's first test, dropped (with any sessions still open) after its last.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    PostgresServer? _server;

    public string Name { get; } = $"t_{Guid.NewGuid():N}";

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public string ConnectionString => Server.ConnectionString(Name);

    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        await server.CreateDatabaseAsync(Name);
        _server = server;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DropDatabaseAsync(Name);
    }
}
