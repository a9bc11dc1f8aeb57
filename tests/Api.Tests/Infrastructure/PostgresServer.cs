using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL on which the tests may create and drop databases, reached as its superuser.
/// <see cref="SharedAsync"/> gives the one server of this test run; fault tests start their own
/// <see cref="LocalPostgresCluster"/> instead, because they stop, kill or freeze it.
/// </summary>
public abstract partial class PostgresServer : IAsyncDisposable
{
    /// <summary>A superuser connection string; when set, the tests use that server and start none.</summary>
    public const string EnvironmentVariable = "WO_TEST_POSTGRES";

    static readonly Lazy<Task<PostgresServer>> Shared = new(AcquireSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The superuser on the maintenance database <c>postgres</c>.</summary>
    public abstract string AdminConnectionString { get; }

    /// <summary>Where the server comes from, for messages.</summary>
    public abstract string Description { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// The server shared by every test of this run, started on first use: the one named by <see cref="EnvironmentVariable"/>,
    /// else a container when a Docker engine answers, else a throwaway local cluster. It goes away when the process exits.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteName(name)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the database even while sessions are still connected to it (they are terminated).</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        // Our own idle pooled sessions would be killed by FORCE and then handed out broken.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteName(name)} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    static string QuoteName(string name) =>
        SafeName().IsMatch(name) ? $"\"{name}\"" : throw new ArgumentException($"'{name}' is not a plain lower-case identifier.", nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SafeName();

    static async Task<PostgresServer> AcquireSharedAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return await ExternalPostgresServer.ConnectAsync(fromEnvironment);

        string dockerFailure;
        try
        {
            return await ContainerPostgresServer.StartAsync();
        }
        catch (DockerUnavailableException e)
        {
            dockerFailure = e.Message;
        }

        try
        {
            return await LocalPostgresCluster.StartNewAsync(synchronousCommit: false);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"""
                 The tests need a real PostgreSQL and none could be had.
                 - {EnvironmentVariable} is not set (set it to a superuser connection string to use an existing server);
                 - no Docker engine: {dockerFailure}
                 - no local cluster: {e.Message}
                 """, e);
        }
    }
}

/// <summary>A server somebody else runs, named by <see cref="PostgresServer.EnvironmentVariable"/>; never stopped by the tests.</summary>
sealed class ExternalPostgresServer : PostgresServer
{
    ExternalPostgresServer(string connectionString) => AdminConnectionString = connectionString;

    public override string AdminConnectionString { get; }

    public override string Description =>
        $"{EnvironmentVariable} ({new NpgsqlConnectionStringBuilder(AdminConnectionString) { Password = null }.ConnectionString})";

    public static async Task<PostgresServer> ConnectAsync(string connectionString)
    {
        var server = new ExternalPostgresServer(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new InvalidOperationException($"{server.Description} is set but that server cannot be reached: {e.Message}", e);
        }
        return server;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A throwaway container; also removed by Testcontainers' reaper should this process die first.</summary>
sealed class ContainerPostgresServer : PostgresServer
{
    readonly PostgreSqlContainer _container;

    ContainerPostgresServer(PostgreSqlContainer container) => _container = container;

    public override string AdminConnectionString => _container.GetConnectionString();

    public override string Description => $"container {_container.Image.FullName} ({_container.Hostname}:{_container.GetMappedPublicPort(5432)})";

    /// <exception cref="DockerUnavailableException">No Docker engine answers; it is thrown within a second.</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var container = new PostgreSqlBuilder("postgres:15-alpine")
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200")
            .Build();
        try
        {
            await container.StartAsync();
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
        var server = new ContainerPostgresServer(container);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10)); }
            catch (Exception) { /* the reaper container removes it anyway */ }
        };
        return server;
    }

    public override ValueTask DisposeAsync() => _container.DisposeAsync();
}
