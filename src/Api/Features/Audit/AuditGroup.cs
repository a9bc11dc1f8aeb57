using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Audit;

internal sealed class AuditGroup : Group
{
    public AuditGroup() => Configure("audit", ep => ep.Description(b => b.WithTags("Audit")));
}
