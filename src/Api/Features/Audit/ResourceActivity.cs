using System.Text.Json;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

namespace WorkspaceOrganizer.Api.Features.Audit;

/// <summary>
/// One resource's entries, newest first, paged by the same cursor as <c>GET /api/v1/audit</c> (and walking the same
/// <c>ix_audit_log_resource</c> index): what a feature answers on its resource's activity route, e.g.
/// <c>GET /api/v1/scripts/{id}/activity</c> (contract §8).
/// </summary>
public static class ResourceActivity
{
    /// <summary>Whether <paramref name="cursor"/> is absent or a page's <c>nextCursor</c> as it was given.</summary>
    public static bool IsValidCursor(string? cursor) => cursor is null || PageCursor.TryDecode(cursor, out _);

    public const string CursorMessage = "cursor is malformed: pass a page's nextCursor as it was given.";

    /// <summary>The page of <paramref name="pageSize"/> entries after <paramref name="cursor"/> (validated by <see cref="IsValidCursor"/>).</summary>
    public static async Task<ActivityPage> PageAsync(NpgsqlConnection connection, string resourceType, string resourceId, string? cursor, int pageSize, CancellationToken ct)
    {
        long? after = PageCursor.TryDecode(cursor, out var sequence) ? sequence : null;
        // One more than the page tells whether another page follows without counting the resource's entries.
        var rows = await Data.PageAsync(connection, new Resource(resourceType, resourceId), after, pageSize + 1, ct);
        var hasMore = rows.Count > pageSize;
        if (hasMore)
            rows.RemoveAt(rows.Count - 1);
        var next = hasMore ? PageCursor.Encode(rows[^1].Sequence) : null;
        return new ActivityPage(rows.ConvertAll(row => new ActivityEntry(AuditEntryView.From(row))), new CursorPageMeta(pageSize, next));
    }

    sealed record Resource(string? ResourceType, string? ResourceId) : IAuditFilter
    {
        public string? ActorId => null;
        public string? Action => null;
        public string? From => null;
        public string? To => null;
    }
}

/// <summary>A page of a resource's activity, shaped like a page of <c>GET /api/v1/audit</c>.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Items, CursorPageMeta Meta);

/// <summary>
/// An audit entry as <c>GET /api/v1/audit</c> shows it, plus the names the original web client's script activity log
/// reads (contract §14): <c>timestamp</c> (= <c>occurredAt</c>; without it the log showed "Invalid Date"),
/// <c>memberDisplayName</c> (the actor's username; without it "by System"), <c>oldValue</c> and <c>newValue</c>
/// (= <c>before</c> and <c>after</c>).
/// </summary>
public sealed class ActivityEntry(AuditEntryView entry)
{
    public Guid Id => entry.Id;
    public long Sequence => entry.Sequence;
    public DateTimeOffset OccurredAt => entry.OccurredAt;
    public AuditActor Actor => entry.Actor;
    public string Action => entry.Action;
    public string ResourceType => entry.ResourceType;
    public string? ResourceId => entry.ResourceId;
    public JsonElement? Before => entry.Before;
    public JsonElement? After => entry.After;
    public string? RequestId => entry.RequestId;
    public string? IpAddress => entry.IpAddress;
    public string? UserAgent => entry.UserAgent;
    public string Hash => entry.Hash;

    public DateTimeOffset Timestamp => entry.OccurredAt;
    public string? MemberDisplayName => entry.Actor.Username;
    public JsonElement? OldValue => entry.Before;
    public JsonElement? NewValue => entry.After;
}

