using Dapper;
using Npgsql;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class AuditLogIsAppendOnlyTests : IAsyncLifetime
{
    readonly AuditDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("UPDATE audit_log SET action = 'script.deleted' WHERE sequence = 1")]
    [InlineData("DELETE FROM audit_log WHERE sequence = 1")]
    [InlineData("TRUNCATE audit_log")]
    public async Task Changing_or_removing_entries_is_refused_even_to_a_superuser_and_the_entries_stay(string sql)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await AppendCommittedAsync(connection, ScriptCreated("first"));
        await AppendCommittedAsync(connection, ScriptCreated("second"));
        var before = await AllAsync(connection);

        var failure = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, failure.SqlState);
        Assert.Contains("append-only", failure.MessageText, StringComparison.Ordinal);
        Assert.Equal(before, await AllAsync(connection));
        Assert.Equal(2, before.Count);
    }
}
