using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Rbac;

internal sealed class RbacGroup : Group
{
    public RbacGroup() => Configure("rbac", ep => ep.Description(b => b.WithTags("Rbac")));
}
