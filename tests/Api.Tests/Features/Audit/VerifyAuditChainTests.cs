using Dapper;
using WorkspaceOrganizer.Api.Features.Audit;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class VerifyAuditChainTests : IAsyncLifetime
{
    readonly AuditDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task An_empty_log_is_a_valid_chain()
    {
        await using var connection = await _db.OpenConnectionAsync();

        Assert.Equal((true, 0L, (long?)null), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task An_untouched_log_is_a_valid_chain()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        Assert.Equal((true, 5L, (long?)null), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task An_edited_entry_is_reported_at_its_sequence()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        await TamperAsync(connection, "UPDATE audit_log SET action = 'script.deleted' WHERE sequence = 3");

        Assert.Equal((false, 3L, (long?)3), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task An_edited_entry_whose_hash_was_recomputed_is_reported_at_the_entry_after_it()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        await TamperAsync(connection, "UPDATE audit_log SET action = 'script.deleted' WHERE sequence = 3");
        await TamperAsync(connection, "UPDATE audit_log a SET hash = audit_entry_hash(a) WHERE sequence = 3");

        Assert.Equal(await connection.ExecuteScalarAsync<string>("SELECT audit_entry_hash(a) FROM audit_log a WHERE sequence = 3"),
            await connection.ExecuteScalarAsync<string>("SELECT hash FROM audit_log WHERE sequence = 3"));
        Assert.Equal((false, 4L, (long?)4), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_at_the_entry_after_the_gap()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        await TamperAsync(connection, "DELETE FROM audit_log WHERE sequence = 3");

        Assert.Equal((false, 3L, (long?)4), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_even_when_the_entries_after_it_were_chained_again()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        await TamperAsync(connection, "DELETE FROM audit_log WHERE sequence = 3");
        foreach (var (sequence, previous) in new[] { (4, 2), (5, 4) })
        {
            await TamperAsync(connection, $"UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE sequence = {previous}) WHERE sequence = {sequence}");
            await TamperAsync(connection, $"UPDATE audit_log a SET hash = audit_entry_hash(a) WHERE sequence = {sequence}");
        }

        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log a WHERE hash <> audit_entry_hash(a) OR prev_hash <> coalesce((SELECT p.hash FROM audit_log p WHERE p.sequence < a.sequence ORDER BY p.sequence DESC LIMIT 1), repeat('0', 64))"));
        Assert.Equal((false, 3L, (long?)4), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_first_entry_is_reported_at_the_entry_that_now_starts_the_log()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendFiveAsync(connection);

        await TamperAsync(connection, "DELETE FROM audit_log WHERE sequence = 1");

        Assert.Equal((false, 1L, (long?)2), await AuditChain.VerifyAsync(connection, CancellationToken.None));
    }

    static async Task AppendFiveAsync(Npgsql.NpgsqlConnection connection)
    {
        for (var i = 1; i <= 5; i++)
            await AppendCommittedAsync(connection, ScriptCreated($"script-{i}"));
    }
}
