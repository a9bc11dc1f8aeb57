using System.Text.Json;

namespace WorkspaceOrganizer.Api.Features.Audit;

/// <summary>
/// An entry as the reading endpoints show it (contract §8). <c>before</c> and <c>after</c> are the stored JSON
/// documents themselves, not strings holding JSON.
/// </summary>
public sealed record AuditEntryView(
    Guid Id, long Sequence, DateTimeOffset OccurredAt, AuditActor Actor, string Action, string ResourceType, string? ResourceId,
    JsonElement? Before, JsonElement? After, string? RequestId, string? IpAddress, string? UserAgent, string Hash)
{
    internal static AuditEntryView From(AuditRow row) => new(
        row.Id, row.Sequence, new DateTimeOffset(row.OccurredAt, TimeSpan.Zero), new AuditActor(row.ActorUserId, row.ActorUsername, row.ActorRealm),
        row.Action, row.ResourceType, row.ResourceId, Document(row.Before), Document(row.After), row.RequestId, row.IpAddress, row.UserAgent, row.Hash);

    static JsonElement? Document(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}

/// <summary>An audit row as the reading slices select it: <see cref="Columns"/> from <c>audit_log a</c>.</summary>
internal sealed class AuditRow
{
    public Guid Id { get; set; }
    public long Sequence { get; set; }

    /// <summary>UTC, at the stored microsecond precision (Npgsql reads timestamptz as a UTC <see cref="DateTime"/>).</summary>
    public DateTime OccurredAt { get; set; }

    public string? ActorUserId { get; set; }
    public string? ActorUsername { get; set; }
    public string? ActorRealm { get; set; }
    public string Action { get; set; } = "";
    public string ResourceType { get; set; } = "";
    public string? ResourceId { get; set; }

    /// <summary>The jsonb document as PostgreSQL renders it.</summary>
    public string? Before { get; set; }

    /// <summary>The jsonb document as PostgreSQL renders it.</summary>
    public string? After { get; set; }

    public string? RequestId { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string Hash { get; set; } = "";

    public const string Columns = $"""
        a.id AS {nameof(Id)}, a.sequence AS {nameof(Sequence)}, a.occurred_at AS {nameof(OccurredAt)},
        a.actor_user_id AS {nameof(ActorUserId)}, a.actor_username AS {nameof(ActorUsername)}, a.actor_realm AS {nameof(ActorRealm)},
        a.action AS {nameof(Action)}, a.resource_type AS {nameof(ResourceType)}, a.resource_id AS {nameof(ResourceId)},
        a.before::text AS {nameof(Before)}, a.after::text AS {nameof(After)}, a.request_id AS {nameof(RequestId)},
        a.ip_address AS {nameof(IpAddress)}, a.user_agent AS {nameof(UserAgent)}, a.hash AS {nameof(Hash)}
        """;
}
