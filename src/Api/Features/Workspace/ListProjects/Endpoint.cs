using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

/// <summary>
/// <c>GET /api/v1/workspaces/{id}/projects</c>: the workspace's projects in path order. The original web client's Projects
/// screens list them as <c>GET /api/v1/personal-projects?workspaceId=</c> (contract §14): the same endpoint, so the same rule.
/// Without <c>workspaceId</c> (only the alias can lack it) the answer is the projects of every workspace the caller owns:
/// that client asks so on every page (its file mentions, dashboard and "All Workspaces" view).
/// </summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request, Response>
{
    const string Alias = "personal-projects";

    public override void Configure()
    {
        // Full routes, not the group: a group's prefix would apply to the alias too.
        Get($"{WorkspaceGroup.Prefix}/{{id}}/projects", Alias);
        Tags(WorkspaceGroup.Tag);
        this.ClientAliases(Alias);
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var workspaceId = string.IsNullOrEmpty(req.Workspace()) ? null : RouteId.Canonical(req.Workspace(), "workspace");
        await using var connection = await db.OpenAsync(ct);
        if (workspaceId is not null && !await OwnedWorkspaces.ExistsAsync(connection, HttpContext.Caller(), workspaceId, ct))
            throw ApiException.NotFound("workspace");
        var (total, items) = await Data.ListAsync(connection, HttpContext.Caller(), workspaceId, req, ct);
        await Send.OkAsync(new Response(items, PageMeta.For(req, total)), ct);
    }
}
