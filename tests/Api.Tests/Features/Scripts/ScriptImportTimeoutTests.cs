using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using WorkspaceOrganizer.Api.Tests.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Tests.Features.Scripts;

/// <summary>
/// An import is bulk work (<c>SharedDatabase.RunBulkAsync</c>): its statements may run longer than a request's 2 s command
/// timeout, and an outage still ends it within seconds, answered 503. The import is held on its team-wide lock by the test.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ScriptImportTimeoutTests
{
    const string ImportLock = WorkspaceOrganizer.Api.Infrastructure.SharedDb.AdvisoryLocks.ScriptImport;
    static readonly object Body = new { files = new[] { new { name = "held.bat", content = "echo held" } } };

    static async Task<NpgsqlTransaction> HoldImportLockAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(PostgresActivity.Unpooled(connectionString));
        await connection.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(ImportLock, transaction: tx);
        return tx;
    }

    [Fact]
    public async Task An_import_may_wait_past_a_requests_timeout_and_a_frozen_server_ends_it_with_a_503_within_seconds()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync("team");
        var database = cluster.ConnectionString("team");
        using var api = new ApiFactory();
        await api.ConfigureAsync(database);
        var admin = await api.SignInTeamAsync();

        var holder = await HoldImportLockAsync(database);
        var waiting = admin.PostJson("/api/v1/scripts/import", Body);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.False(waiting.IsCompleted, "The import should still wait for the lock, past the request path's 2 s command timeout.");
        await holder.RollbackAsync();
        await holder.Connection!.DisposeAsync();
        await (await waiting).ShouldBe(HttpStatusCode.OK);

        holder = await HoldImportLockAsync(database);
        var frozenOn = admin.PostJson("/api/v1/scripts/import", new { files = new[] { new { name = "frozen.bat", content = "echo" } } });
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        var clock = Stopwatch.StartNew();
        cluster.Freeze();
        HttpResponseMessage answer;
        try
        {
            answer = await frozenOn.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            cluster.Resume();
        }
        await answer.ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The import ended {clock.Elapsed.TotalSeconds:0.0} s after the freeze; the outage should end it within seconds.");
        await holder.Connection!.DisposeAsync();
    }
}
