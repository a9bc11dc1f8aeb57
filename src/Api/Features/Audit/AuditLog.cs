using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Audit;

public sealed record AuditActor(string? UserId, string? Username, string? Realm)
{
    public static readonly AuditActor Anonymous = new(null, null, null);
}

/// <summary>One change: <c>action</c> is <c>&lt;resource&gt;.&lt;verb&gt;</c>; before/after hold the changed fields.</summary>
public sealed record AuditEntry(string Action, string ResourceType, string? ResourceId, object? Before = null, object? After = null);

/// <summary>Where the change came from.</summary>
public sealed record AuditContext(string? RequestId, string? IpAddress, string? UserAgent, DateTimeOffset OccurredAt)
{
    public static AuditContext From(HttpContext http, DateTimeOffset now)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return new(http.RequestId(), http.Connection.RemoteIpAddress?.ToString(), agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 512)], now);
    }
}

/// <summary>
/// The one way every slice writes the audit log: inside the slice's own transaction, so the entry and the change commit
/// or roll back together. The database assigns the sequence and the hash chain (see db/shared). Properties whose name
/// speaks of a secret (password, token, secret, hash, recoveryKey) are dropped from before/after, whatever a slice passes.
/// </summary>
public static class AuditLog
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly string[] SecretWords = ["password", "token", "secret", "hash", "recoverykey"];

    const string InsertSql = """
        INSERT INTO audit_log (id, sequence, occurred_at, actor_user_id, actor_username, actor_realm, action, resource_type,
                               resource_id, before, after, request_id, ip_address, user_agent, prev_hash, hash)
        VALUES (@Id, 0, @OccurredAt, @ActorUserId, @ActorUsername, @ActorRealm, @Action, @ResourceType,
                @ResourceId, @Before, @After, @RequestId, @IpAddress, @UserAgent, '', '')
        """;

    public static async Task<Guid> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditActor actor, AuditEntry entry, AuditContext context, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var parameters = new DynamicParameters(new
        {
            Id = id,
            context.OccurredAt,
            ActorUserId = actor.UserId,
            ActorUsername = actor.Username,
            ActorRealm = actor.Realm,
            entry.Action,
            entry.ResourceType,
            entry.ResourceId,
            context.RequestId,
            context.IpAddress,
            context.UserAgent,
        });
        parameters.Add("Before", new JsonbParameter(WithoutSecrets(entry.Before)));
        parameters.Add("After", new JsonbParameter(WithoutSecrets(entry.After)));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, parameters, transaction, cancellationToken: ct));
        return id;
    }

    internal static string? WithoutSecrets(object? value)
    {
        if (value is null)
            return null;
        var node = JsonSerializer.SerializeToNode(value, Json);
        Strip(node);
        return node?.ToJsonString();
    }

    static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(IsSecret).ToList())
                    obj.Remove(key);
                foreach (var (_, child) in obj)
                    Strip(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Strip(child);
                break;
        }
    }

    static bool IsSecret(string name) => SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    sealed class JsonbParameter(string? json) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name) =>
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = (object?)json ?? DBNull.Value });
    }
}
