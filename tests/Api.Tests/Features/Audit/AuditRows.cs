using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary>An audit row as stored, with the hash <c>audit_entry_hash</c> computes for it now.</summary>
public sealed record StoredEntry(
    Guid Id, long Sequence, DateTime OccurredAt, string? ActorUserId, string? ActorUsername, string? ActorRealm,
    string Action, string ResourceType, string? ResourceId, string? Before, string? After,
    string? RequestId, string? IpAddress, string? UserAgent, string PrevHash, string Hash, string ComputedHash);

/// <summary>Appends and reads audit entries the way the tests need them.</summary>
public static class AuditRows
{
    const string SelectSql = """
        SELECT id AS Id, sequence AS Sequence, occurred_at AS OccurredAt, actor_user_id AS ActorUserId,
               actor_username AS ActorUsername, actor_realm AS ActorRealm, action AS Action, resource_type AS ResourceType,
               resource_id AS ResourceId, before::text AS Before, after::text AS After, request_id AS RequestId,
               ip_address AS IpAddress, user_agent AS UserAgent, prev_hash AS PrevHash, hash AS Hash,
               audit_entry_hash(a) AS ComputedHash
        FROM audit_log a
        ORDER BY sequence
        """;

    public static readonly AuditActor Actor = new("0196f1c2-7a00-7000-8000-00000000a11c", "alice", "team");

    public static AuditContext Context() => new("req-1", "203.0.113.7", "curl/8.5.0", DateTimeOffset.UtcNow);

    public static AuditEntry ScriptCreated(string resourceId = "script-1") =>
        new("script.created", "script", resourceId, null, new { name = "backup.sh" });

    /// <summary>Appends <paramref name="entry"/> in a transaction of its own and commits it.</summary>
    public static async Task<Guid> AppendCommittedAsync(NpgsqlConnection connection, AuditEntry? entry = null)
    {
        await using var tx = await connection.BeginTransactionAsync();
        var id = await AuditLog.AppendAsync(connection, tx, Actor, entry ?? ScriptCreated(), Context(), CancellationToken.None);
        await tx.CommitAsync();
        return id;
    }

    public static async Task<List<StoredEntry>> AllAsync(NpgsqlConnection connection, NpgsqlTransaction? tx = null) =>
        [.. await connection.QueryAsync<StoredEntry>(new CommandDefinition(SelectSql, transaction: tx))];

    /// <summary>Runs <paramref name="sql"/> with the append-only triggers off (the tests connect as a superuser).</summary>
    public static async Task TamperAsync(NpgsqlConnection connection, string sql)
    {
        await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER");
        try
        {
            await connection.ExecuteAsync(sql);
        }
        finally
        {
            await connection.ExecuteAsync("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }
}
