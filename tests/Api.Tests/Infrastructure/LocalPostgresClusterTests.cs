using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task A_dedicated_server_can_be_stopped_and_started_again_on_the_same_port_and_data()
    {
        await using var server = await LocalPostgresCluster.StartNewAsync();
        await ExecuteAsync(server, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
        var port = server.Port;

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(server, "SELECT 1"));

        await server.RestartAsync();
        Assert.Equal(port, server.Port);
        Assert.Equal(7, await ExecuteAsync(server, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task A_killed_dedicated_server_refuses_connections_until_restarted()
    {
        await using var server = await LocalPostgresCluster.StartNewAsync();
        await ExecuteAsync(server, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");

        server.Kill();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(server, "SELECT 1"));

        await server.RestartAsync();
        Assert.Equal(7, await ExecuteAsync(server, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task A_frozen_dedicated_server_answers_nobody_until_resumed()
    {
        await using var server = await LocalPostgresCluster.StartNewAsync();
        await using var open = new NpgsqlConnection(Probe(server, timeoutSeconds: 5));
        await open.OpenAsync();

        server.Freeze();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(server, "SELECT 1", timeoutSeconds: 1));
        var blocked = open.ExecuteScalarAsync<int>("SELECT 2");
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted);

        server.Resume();
        Assert.Equal(2, await blocked);
        Assert.Equal(1, await ExecuteAsync(server, "SELECT 1"));
    }

    [Fact]
    public void Without_server_binaries_a_local_cluster_fails_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresBinaries.Find(versionsRoot: "/nonexistent/postgresql", path: ""));

        Assert.Contains("/nonexistent/postgresql/<version>/bin", error.Message, StringComparison.Ordinal);
        Assert.Contains(PostgresServer.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    static async Task<int> ExecuteAsync(LocalPostgresCluster server, string sql, int timeoutSeconds = 5)
    {
        await using var connection = new NpgsqlConnection(Probe(server, timeoutSeconds));
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    /// <summary>Unpooled, so that every probe really opens a connection to the server as it is now.</summary>
    static string Probe(LocalPostgresCluster server, int timeoutSeconds) =>
        new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false, Timeout = timeoutSeconds }.ConnectionString;
}
