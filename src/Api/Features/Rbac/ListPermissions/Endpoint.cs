using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Rbac.ListPermissions;

public sealed record PermissionView(string Name, string Description);

/// <summary><c>GET /api/v1/rbac/permissions</c>: the whole catalog as one page of the list envelope.</summary>
internal sealed class Endpoint : EndpointWithoutRequest<ListResponse<PermissionView>>
{
    public override void Configure()
    {
        Get("/permissions");
        Group<RbacGroup>();
        this.Allow(Access.Team(Permission.RbacRead));
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var items = Permission.Catalog.Select(p => new PermissionView(p.Key, p.Value)).ToList();
        return Send.OkAsync(new ListResponse<PermissionView>(items, new PageMeta(items.Count, 1, items.Count, false, false)), ct);
    }
}
