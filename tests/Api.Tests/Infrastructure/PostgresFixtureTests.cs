using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class PostgresFixtureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Postgres_fixture_reaches_a_real_server()
    {
        await using var connection = await database.OpenConnectionAsync();

        Assert.StartsWith("PostgreSQL ", await connection.ExecuteScalarAsync<string>("SELECT version()"), StringComparison.Ordinal);
        Assert.Equal(database.Name, await connection.ExecuteScalarAsync<string>("SELECT current_database()"));
    }

    [Fact]
    public async Task A_table_created_in_the_class_database_is_visible_from_another_connection()
    {
        var table = $"probe_{Guid.NewGuid():N}";
        await using (var writer = await database.OpenConnectionAsync())
            await writer.ExecuteAsync($"CREATE TABLE {table} (id int PRIMARY KEY); INSERT INTO {table} VALUES (42)");

        await using var reader = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(42, await reader.ExecuteScalarAsync<int>($"SELECT id FROM {table}"));
    }

    [Fact]
    public async Task Each_fixture_instance_has_a_separate_database()
    {
        var table = $"probe_{Guid.NewGuid():N}";
        await using (var connection = await database.OpenConnectionAsync())
            await connection.ExecuteAsync($"CREATE TABLE {table} (id int)");

        var other = new PostgresDatabase();
        await other.InitializeAsync();
        try
        {
            await using var connection = await other.OpenConnectionAsync();
            Assert.NotEqual(database.Name, other.Name);
            Assert.Equal(other.Name, await connection.ExecuteScalarAsync<string>("SELECT current_database()"));
            Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT to_regclass(@table)::text", new { table }));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disposing_the_fixture_drops_its_database_even_with_a_session_open()
    {
        var doomed = new PostgresDatabase();
        await doomed.InitializeAsync();
        await using var open = await doomed.OpenConnectionAsync();

        await doomed.DisposeAsync();

        await using var admin = new NpgsqlConnection(doomed.Server.AdminConnectionString);
        Assert.Equal(0, await admin.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_database WHERE datname = @name", new { name = doomed.Name }));
    }
}
