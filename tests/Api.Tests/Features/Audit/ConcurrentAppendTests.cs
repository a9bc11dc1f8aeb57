using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class ConcurrentAppendTests : IAsyncLifetime
{
    readonly AuditDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Appends_from_two_instances_at_once_form_one_gapless_valid_chain()
    {
        const int PerInstance = 10;
        await using var instanceA = DataSource("instance-a");
        await using var instanceB = DataSource("instance-b");
        var open = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every transaction is open before any append starts, so all 20 race for the chain's head.
        async Task<Guid> AppendAsync(NpgsqlDataSource instance, string resourceId)
        {
            await using var connection = await instance.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            if (Interlocked.Increment(ref open) == 2 * PerInstance)
                allOpen.SetResult();
            await go.Task;
            var id = await AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated(resourceId), Context(), CancellationToken.None);
            await tx.CommitAsync();
            return id;
        }

        var appends = Enumerable.Range(0, PerInstance)
            .SelectMany(i => new[] { Task.Run(() => AppendAsync(instanceA, $"a-{i}")), Task.Run(() => AppendAsync(instanceB, $"b-{i}")) })
            .ToList();
        await allOpen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        go.SetResult();
        var ids = await Task.WhenAll(appends);

        await using var connection = await _db.OpenConnectionAsync();
        var entries = await AllAsync(connection);
        Assert.Equal(Enumerable.Range(1, 2 * PerInstance).Select(n => (long)n), entries.Select(e => e.Sequence));
        Assert.Equal(ids.Order(), entries.Select(e => e.Id).Order());
        Assert.Equal(PerInstance, entries.Count(e => e.ResourceId!.StartsWith("a-", StringComparison.Ordinal)));
        Assert.Equal((true, 2L * PerInstance, (long?)null), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    NpgsqlDataSource DataSource(string applicationName) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_db.ConnectionString) { ApplicationName = applicationName });
}
