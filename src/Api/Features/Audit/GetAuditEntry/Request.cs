namespace WorkspaceOrganizer.Api.Features.Audit.GetAuditEntry;

internal sealed class Request
{
    public string Id { get; init; } = "";
}
