using System.Net;
using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.SharedDb;

/// <summary>
/// A request whose query runs into the command timeout on a server that answers everything else. The request gets its
/// 503, but the shared database is not declared down for everyone: a timeout alone does not tell a frozen server from
/// a slow query or a lock, so it asks the monitor to probe at once, and the probe decides.
/// </summary>
public sealed class SlowQueryTests
{
    [Fact]
    public async Task A_query_that_times_out_on_a_healthy_server_answers_503_and_leaves_team_mode_available()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        using var admin = await api.SignInTeamAsync();
        using var anonymous = api.CreateClient();
        var before = await (await anonymous.GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);

        // The roles list waits for this lock until its command timeout; signing in and the permission check do not touch roles.
        await using var locker = new NpgsqlConnection(pg.ConnectionString);
        await locker.OpenAsync();
        await using (var tx = await locker.BeginTransactionAsync())
        {
            await locker.ExecuteAsync("LOCK TABLE roles IN ACCESS EXCLUSIVE MODE", transaction: tx);

            await (await admin.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");

            var status = await (await anonymous.GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("available", (string?)status["sharedDb"]!["state"]);
            Assert.Equal((string?)before["sharedDb"]!["since"], (string?)status["sharedDb"]!["since"]);
            await (await admin.GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.OK);
            await tx.RollbackAsync();
        }

        await (await admin.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.OK);
        var after = await (await anonymous.GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((string?)before["sharedDb"]!["since"], (string?)after["sharedDb"]!["since"]);
    }
}
