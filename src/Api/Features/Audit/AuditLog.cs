using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Audit;

/// <summary>Who did it. All null for an anonymous caller (e.g. a failed login of an unknown user).</summary>
public sealed record AuditActor(string? UserId, string? Username, string? Realm)
{
    public static AuditActor Of(Caller caller) => new(caller.UserId, caller.Username, caller.Realm);
}

/// <summary>
/// What happened. <paramref name="Action"/> is <c>&lt;resource&gt;.&lt;verb&gt;</c> in lower case with underscores
/// (<c>auth.login_failed</c>, <c>installation.configured</c>, <c>script.created</c>); the database rejects anything else.
/// <paramref name="Before"/> and <paramref name="After"/> hold the changed fields; they are stored as camelCase JSON.
/// </summary>
public sealed record AuditEntry(string Action, string ResourceType, string? ResourceId, object? Before = null, object? After = null);

/// <summary>Where and when it happened.</summary>
public sealed record AuditContext(string? RequestId, string? IpAddress, string? UserAgent, DateTimeOffset OccurredAt)
{
    /// <summary>The request's id (<c>X-Request-Id</c>) and its client (<see cref="ClientInfo"/>), at <paramref name="now"/>.</summary>
    public static AuditContext From(HttpContext http, DateTimeOffset now)
    {
        var client = ClientInfo.Of(http);
        return new AuditContext(http.RequestId(), client.IpAddress, client.UserAgent, now);
    }
}

/// <summary>The one way any feature writes to the audit log.</summary>
public static class AuditLog
{
    // sequence, prev_hash and hash are placeholders: the BEFORE INSERT trigger assigns them under its advisory lock.
    // Under an older snapshot than the statement's, the trigger would miss entries committed meanwhile and reuse their
    // sequence, so nothing is inserted unless the transaction is read committed.
    const string InsertSql = """
        INSERT INTO audit_log (id, sequence, occurred_at, actor_user_id, actor_username, actor_realm, action, resource_type,
                               resource_id, before, after, request_id, ip_address, user_agent, prev_hash, hash)
        SELECT @Id, 0, @OccurredAt, @ActorUserId, @ActorUsername, @ActorRealm, @Action, @ResourceType,
               @ResourceId, @Before, @After, @RequestId, @IpAddress, @UserAgent, '', ''
        WHERE current_setting('transaction_isolation') = 'read committed'
        """;

    // The bulk form of InsertSql: one statement for a whole import, in the order given (the trigger chains row by row).
    const string InsertManySql = """
        INSERT INTO audit_log (id, sequence, occurred_at, actor_user_id, actor_username, actor_realm, action, resource_type,
                               resource_id, before, after, request_id, ip_address, user_agent, prev_hash, hash)
        SELECT e.id, 0, @OccurredAt, @ActorUserId, @ActorUsername, @ActorRealm, e.action, e.resource_type,
               e.resource_id, e.before::jsonb, e.after::jsonb, @RequestId, @IpAddress, @UserAgent, '', ''
        FROM unnest(@Ids, @Actions, @ResourceTypes, @ResourceIds, @Befores, @Afters) WITH ORDINALITY
             AS e (id, action, resource_type, resource_id, before, after, ordinal)
        WHERE current_setting('transaction_isolation') = 'read committed'
        ORDER BY e.ordinal
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    static readonly string[] SecretNameParts = ["password", "token", "secret", "hash", "recoverykey"];

    /// <summary>
    /// Appends an entry inside the caller's transaction and returns its id. It commits or rolls back with the change it
    /// records: if the insert fails, the transaction is aborted and the change cannot commit either.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Secrets are never written: every property of <see cref="AuditEntry.Before"/> and <see cref="AuditEntry.After"/>
    /// whose name contains <c>password</c>, <c>token</c>, <c>secret</c>, <c>hash</c> or <c>recoveryKey</c>
    /// (case-insensitively, ignoring <c>_</c> and <c>-</c>) is removed, at any depth, including inside arrays and
    /// dictionaries. It is a guard against a slice's mistake, not a licence to pass secrets: only names are checked.
    /// </para>
    /// <para>
    /// The insert takes the audit log's advisory lock and holds it until the transaction ends, so appends from every
    /// instance wait for each other: append as the last statement before committing.
    /// </para>
    /// </remarks>
    /// <exception cref="PostgresException">The database refused the entry (e.g. a malformed action); the transaction is aborted.</exception>
    /// <exception cref="InvalidOperationException">
    /// The transaction is not read committed (PostgreSQL's and Npgsql's default); nothing was written. Under an older
    /// snapshot the trigger would not see entries committed meanwhile and would reuse their sequence.
    /// </exception>
    public static async Task<Guid> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuditActor actor, AuditEntry entry, AuditContext context, CancellationToken ct)
    {
        if (!ReferenceEquals(transaction.Connection, connection))
            throw new ArgumentException("The transaction is not an open transaction of this connection.", nameof(transaction));

        var id = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = id,
            OccurredAt = new NpgsqlTyped(context.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            ActorUserId = actor.UserId,
            ActorUsername = actor.Username,
            ActorRealm = actor.Realm,
            entry.Action,
            entry.ResourceType,
            entry.ResourceId,
            Before = new NpgsqlTyped(WithoutSecrets(entry.Before), NpgsqlDbType.Jsonb),
            After = new NpgsqlTyped(WithoutSecrets(entry.After), NpgsqlDbType.Jsonb),
            context.RequestId,
            context.IpAddress,
            context.UserAgent,
        }, transaction, cancellationToken: ct));
        if (inserted == 0)
            throw new InvalidOperationException("Audit entries are appended in read-committed transactions only; nothing was written.");
        return id;
    }

    /// <summary>
    /// Appends what the signed-in caller of <paramref name="http"/> did, with the request's context, at
    /// <paramref name="now"/> (the instant the change itself records, so the two agree); see the overload below.
    /// </summary>
    public static Task<Guid> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, HttpContext http, AuditEntry entry, DateTimeOffset now, CancellationToken ct) =>
        AppendAsync(connection, transaction, AuditActor.Of(http.Caller()), entry, AuditContext.From(http, now), ct);

    /// <summary>
    /// Appends several entries of one request in one statement (an import's one entry per script), in their order, with
    /// the same guarantees as <see cref="AppendAsync(NpgsqlConnection, NpgsqlTransaction, AuditActor, AuditEntry, AuditContext, CancellationToken)"/>.
    /// </summary>
    public static async Task AppendManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, HttpContext http, IReadOnlyList<AuditEntry> entries, DateTimeOffset now, CancellationToken ct)
    {
        if (entries.Count == 0)
            return;
        if (!ReferenceEquals(transaction.Connection, connection))
            throw new ArgumentException("The transaction is not an open transaction of this connection.", nameof(transaction));
        var actor = AuditActor.Of(http.Caller());
        var context = AuditContext.From(http, now);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertManySql, new
        {
            OccurredAt = new NpgsqlTyped(context.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz),
            ActorUserId = actor.UserId,
            ActorUsername = actor.Username,
            ActorRealm = actor.Realm,
            context.RequestId,
            context.IpAddress,
            context.UserAgent,
            Ids = entries.Select(_ => Guid.CreateVersion7()).ToArray(),
            Actions = entries.Select(e => e.Action).ToArray(),
            ResourceTypes = entries.Select(e => e.ResourceType).ToArray(),
            ResourceIds = entries.Select(e => e.ResourceId).ToArray(),
            Befores = entries.Select(e => WithoutSecrets(e.Before)).ToArray(),
            Afters = entries.Select(e => WithoutSecrets(e.After)).ToArray(),
        }, transaction, cancellationToken: ct));
        if (inserted == 0)
            throw new InvalidOperationException("Audit entries are appended in read-committed transactions only; nothing was written.");
    }

    static string? WithoutSecrets(object? value)
    {
        var node = value is null ? null : JsonSerializer.SerializeToNode(value, Json);
        if (node is null)
            return null;
        StripSecrets(node);
        return node.ToJsonString();
    }

    static void StripSecrets(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).Where(IsSecretName).ToList())
                    obj.Remove(name);
                foreach (var (_, child) in obj)
                    StripSecrets(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    StripSecrets(child);
                break;
        }
    }

    static bool IsSecretName(string name)
    {
        var plain = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return SecretNameParts.Any(part => plain.Contains(part, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A parameter with Npgsql's own type: Dapper knows no jsonb, and the local database's process-wide Dapper handler
    /// turns every <see cref="DateTimeOffset"/> into SQLite text; typed, the instant reaches PostgreSQL as itself.
    /// </summary>
    sealed class NpgsqlTyped(object? value, NpgsqlDbType type) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(IDbCommand command, string name) =>
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
    }
}
