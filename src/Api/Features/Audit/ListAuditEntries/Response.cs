namespace WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

/// <summary>One page, newest first.</summary>
public sealed record Response(IReadOnlyList<AuditEntryView> Items, CursorPageMeta Meta);

/// <summary>nextCursor is null on the last page.</summary>
public sealed record CursorPageMeta(int PageSize, string? NextCursor);
