using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Infrastructure.PostgresActivity;

namespace WorkspaceOrganizer.Api.Tests.Features.Installation;

/// <summary>
/// Configure is all or nothing also when one of its two databases fails at the last moment: the PostgreSQL server dying
/// while the transaction that creates the first admin commits, or the local SQLite refusing the write of the setting after
/// that commit. Each runs on a PostgreSQL cluster of its own, since one of them kills it.
/// </summary>
public sealed class ConfigureFaultTests
{
    const string TeamDatabase = "team";

    /// <summary>
    /// A deferred constraint trigger on <c>team_users</c> runs at COMMIT and waits there for an advisory lock the test holds:
    /// the configure request is then inside its commit, with the first admin and both audit entries written. The test kills
    /// the server at that moment. The client gets 503 SHARED_DB_UNAVAILABLE; nothing is stored locally, the instance is
    /// still unconfigured in solo mode, the database has no admin; once the server is back, configuring again succeeds.
    /// With the connection string stored before the commit (the order this replaced) the setting would survive the kill.
    /// </summary>
    [Fact]
    public async Task A_server_killed_while_configure_commits_leaves_nothing_stored_and_configuring_again_succeeds()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync(TeamDatabase);
        var database = cluster.ConnectionString(TeamDatabase);
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        await MigrateWithoutAccountsAsync(api, database);
        await using (var setUp = new NpgsqlConnection(Unpooled(database)))
            await setUp.ExecuteAsync("""
                CREATE FUNCTION test_wait_at_commit() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN PERFORM pg_advisory_xact_lock(4711); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER test_wait_at_commit AFTER INSERT ON team_users
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_wait_at_commit();
                """);
        var holder = new NpgsqlConnection(Unpooled(database));
        await holder.OpenAsync();
        var held = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_xact_lock(4711)", transaction: held);

        var configure = owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(database));
        Assert.True(await WaitUntilConfigureWaitsInItsCommitAsync(database, TimeSpan.FromSeconds(10)),
            "The configure request should be waiting inside its COMMIT.");
        cluster.Kill();
        using var response = await configure;
        await holder.DisposeAsync();

        await response.ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");
        Assert.Null(await ConfigureTests.StoredSetting(api));
        var status = await (await owner.GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("solo", (string?)status["mode"]);
        Assert.Equal("not_configured", (string?)status["sharedDb"]!["state"]);

        await cluster.RestartAsync();
        await using (var check = new NpgsqlConnection(Unpooled(database)))
        {
            Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));
            Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log"));
            await check.ExecuteAsync("DROP TRIGGER test_wait_at_commit ON team_users");
        }
        var again = await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(database))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("available", (string?)again["status"]);
        Assert.NotNull(await ConfigureTests.StoredSetting(api));
        await api.SignInTeamAsync();
    }

    /// <summary>
    /// The shared side commits, then the local write of the setting fails (another process holds SQLite's write lock past
    /// the busy timeout): 503 LOCAL_DB_UNAVAILABLE, nothing stored, still solo. The team admin exists, so configuring again
    /// needs no adminUser and finishes the job.
    /// </summary>
    [Fact]
    public async Task A_local_database_that_cannot_store_the_setting_answers_503_and_configuring_again_without_an_admin_finishes()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync(TeamDatabase);
        var database = cluster.ConnectionString(TeamDatabase);
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        HttpResponseMessage response;
        await using (var blocker = new SqliteConnection($"Data Source={api.DatabaseFile};Pooling=False"))
        {
            await blocker.OpenAsync();
            await blocker.ExecuteAsync("BEGIN EXCLUSIVE");
            response = await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(database));
            await blocker.ExecuteAsync("ROLLBACK");
        }

        var problem = await response.ShouldBe(HttpStatusCode.ServiceUnavailable, "LOCAL_DB_UNAVAILABLE");
        Assert.Contains("no adminUser", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Null(await ConfigureTests.StoredSetting(api));
        var status = await (await owner.GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("solo", (string?)status["mode"]);
        await using (var check = new NpgsqlConnection(Unpooled(database)))
            Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));

        var again = await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(database, withAdmin: false))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("available", (string?)again["status"]);
        Assert.NotNull(await ConfigureTests.StoredSetting(api));
        await api.SignInTeamAsync();
    }

    /// <summary>The schema as this build has it and no account yet, applied with the API's own migrations.</summary>
    static async Task MigrateWithoutAccountsAsync(ApiFactory api, string database)
    {
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        await api.Services.GetRequiredService<SharedMigrations>().MigrateAsync(connection, CancellationToken.None);
    }

    static Task<bool> WaitUntilConfigureWaitsInItsCommitAsync(string database, TimeSpan within) =>
        WaitForLockWaiterAsync(database, "query = 'COMMIT'", within);
}
