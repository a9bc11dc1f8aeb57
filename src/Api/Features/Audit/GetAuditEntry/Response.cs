namespace WorkspaceOrganizer.Api.Features.Audit.GetAuditEntry;

public sealed record Response(AuditEntryView Entry);
