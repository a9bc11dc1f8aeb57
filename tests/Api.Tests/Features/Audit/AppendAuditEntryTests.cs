using System.Data;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class AppendAuditEntryTests : IAsyncLifetime
{
    readonly AuditDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task An_appended_entry_is_stored_with_its_actor_action_resource_changes_and_request_as_the_first_link()
    {
        await using var connection = await _db.OpenConnectionAsync();
        var occurredAt = new DateTimeOffset(2026, 3, 1, 14, 30, 45, TimeSpan.FromHours(2)).AddTicks(1_234_560);
        var entry = new AuditEntry("script.updated", "script", "0196f1c2-7a00-7000-8000-000000000042",
            new { name = "backup.sh", tags = new[] { "ops" } }, new { name = "nightly-backup.sh", isShared = true });

        Guid id;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            id = await AuditLog.AppendAsync(connection, tx, Actor, entry,
                new AuditContext("req-7", "198.51.100.23", "Mozilla/5.0 (X11)", occurredAt), CancellationToken.None);
            await tx.CommitAsync();
        }

        var stored = Assert.Single(await AllAsync(connection));
        Assert.Equal(id, stored.Id);
        Assert.Equal(7, id.Version);
        Assert.Equal((1L, new string('0', 64)), (stored.Sequence, stored.PrevHash));
        Assert.Equal(occurredAt.UtcDateTime, stored.OccurredAt);
        Assert.Equal((Actor.UserId, Actor.Username, Actor.Realm), (stored.ActorUserId, stored.ActorUsername, stored.ActorRealm));
        Assert.Equal(("script.updated", "script", "0196f1c2-7a00-7000-8000-000000000042"), (stored.Action, stored.ResourceType, stored.ResourceId));
        AssertJson("""{"name": "backup.sh", "tags": ["ops"]}""", stored.Before);
        AssertJson("""{"name": "nightly-backup.sh", "isShared": true}""", stored.After);
        Assert.Equal(("req-7", "198.51.100.23", "Mozilla/5.0 (X11)"), (stored.RequestId, stored.IpAddress, stored.UserAgent));
        Assert.Matches("^[0-9a-f]{64}$", stored.Hash);
        Assert.Equal(stored.ComputedHash, stored.Hash);
    }

    [Fact]
    public async Task An_entry_appended_in_a_transaction_that_rolls_back_leaves_nothing_and_the_chain_goes_on_without_a_gap()
    {
        await using var connection = await _db.OpenConnectionAsync();
        var first = await AppendCommittedAsync(connection, ScriptCreated("first"));

        Guid rolledBack;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            rolledBack = await AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated("rolled-back"), Context(), CancellationToken.None);
            Assert.Contains(rolledBack, (await AllAsync(connection, tx)).Select(e => e.Id));
            await tx.RollbackAsync();
        }
        var third = await AppendCommittedAsync(connection, ScriptCreated("third"));

        var entries = await AllAsync(connection);
        Assert.Equal([(first, 1L), (third, 2L)], entries.Select(e => (e.Id, e.Sequence)));
        Assert.Equal(entries[0].Hash, entries[1].PrevHash);
        Assert.DoesNotContain(entries, e => e.ResourceId == "rolled-back");
    }

    [Fact]
    public async Task A_failure_after_the_append_takes_both_the_change_and_its_entry_away()
    {
        await using var connection = await _db.OpenConnectionAsync();
        var roleId = Guid.CreateVersion7();

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await InsertRoleAsync(connection, tx, roleId, "release-managers");
            var entryId = await AuditLog.AppendAsync(connection, tx, Actor,
                new AuditEntry("role.created", "role", roleId.ToString(), null, new { name = "release-managers" }), Context(), CancellationToken.None);
            Assert.Equal(1, await CountRolesAsync(connection, roleId, tx));
            Assert.Contains(entryId, (await AllAsync(connection, tx)).Select(e => e.Id));

            var failure = await Assert.ThrowsAsync<PostgresException>(() => InsertRoleAsync(connection, tx, Guid.CreateVersion7(), "Release-Managers"));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, failure.SqlState);
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await CountRolesAsync(connection, roleId));
        Assert.Empty(await AllAsync(connection));
    }

    [Fact]
    public async Task An_entry_the_database_rejects_stops_the_change_it_records_even_if_the_failure_is_ignored()
    {
        await using var connection = await _db.OpenConnectionAsync();
        var roleId = Guid.CreateVersion7();

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await InsertRoleAsync(connection, tx, roleId, "release-managers");
            Assert.Equal(1, await CountRolesAsync(connection, roleId, tx));

            var failure = await Assert.ThrowsAsync<PostgresException>(() => AuditLog.AppendAsync(connection, tx, Actor,
                new AuditEntry("Role Created", "role", roleId.ToString(), null, null), Context(), CancellationToken.None));
            Assert.Equal(PostgresErrorCodes.CheckViolation, failure.SqlState);
            await tx.CommitAsync();
        }

        Assert.Equal(0, await CountRolesAsync(connection, roleId));
        Assert.Empty(await AllAsync(connection));
    }

    [Fact]
    public async Task Secrets_are_stripped_from_before_and_after_at_any_depth()
    {
        await using var connection = await _db.OpenConnectionAsync();
        var before = new
        {
            username = "bob",
            password = "hunter2hunter2",
            profile = new { displayName = "Bob", PasswordHash = "$argon2id$v=19$...", apiToken = "tok_123" },
            sessions = new[] { new { id = "s1", refresh_token = "r1" } },
        };
        var after = new Dictionary<string, object?>
        {
            ["username"] = "bob",
            ["recovery_key"] = "ABCD-EFGH",
            ["settings"] = new Dictionary<string, object?> { ["theme"] = "dark", ["clientSecret"] = "s3cr3t", ["tokenHash"] = "ff00" },
        };

        await AppendCommittedAsync(connection, new AuditEntry("user.updated", "user", "bob", before, after));

        var stored = Assert.Single(await AllAsync(connection));
        AssertJson("""{"username": "bob", "profile": {"displayName": "Bob"}, "sessions": [{"id": "s1"}]}""", stored.Before);
        AssertJson("""{"username": "bob", "settings": {"theme": "dark"}}""", stored.After);
    }

    [Theory]
    [InlineData(IsolationLevel.RepeatableRead)]
    [InlineData(IsolationLevel.Serializable)]
    public async Task An_append_outside_a_read_committed_transaction_is_refused_and_writes_nothing(IsolationLevel isolation)
    {
        await using var connection = await _db.OpenConnectionAsync();

        await using (var tx = await connection.BeginTransactionAsync(isolation))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated(), Context(), CancellationToken.None));
            await tx.CommitAsync();
        }

        Assert.Empty(await AllAsync(connection));
    }

    [Fact]
    public async Task An_append_with_a_transaction_of_another_connection_is_refused()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var other = await _db.OpenConnectionAsync();
        await using var tx = await other.BeginTransactionAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated(), Context(), CancellationToken.None));
    }

    static Task InsertRoleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, string name) =>
        connection.ExecuteAsync("INSERT INTO roles (id, name, created_at, updated_at) VALUES (@id, @name, now(), now())", new { id, name }, tx);

    static Task<int> CountRolesAsync(NpgsqlConnection connection, Guid id, NpgsqlTransaction? tx = null) =>
        connection.ExecuteScalarAsync<int>("SELECT count(*) FROM roles WHERE id = @id", new { id }, tx);

    static void AssertJson(string expected, string? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual ?? "null")), $"Expected {expected}, stored {actual}");
}
