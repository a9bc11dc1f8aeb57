using System.Text.Json;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptActivity;

/// <summary>A page of the script's audit entries, shaped like a page of <c>GET /api/v1/audit</c>.</summary>
internal sealed record Response(IReadOnlyList<ActivityEntry> Items, CursorPageMeta Meta)
{
    public static Response From(ActivityPage page) => new([.. page.Items.Select(e => new ActivityEntry(e))], page.Meta);
}

/// <summary>
/// An audit entry as <c>GET /api/v1/audit</c> shows it, plus the names the original web client's activity log reads
/// (contract §14): <c>timestamp</c> (= <c>occurredAt</c>; without it the log showed "Invalid Date"),
/// <c>memberDisplayName</c> (the actor's username; without it "by System"), <c>oldValue</c> and <c>newValue</c>
/// (= <c>before</c> and <c>after</c>).
/// </summary>
internal sealed class ActivityEntry(AuditEntryView entry)
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
