using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

/// <summary><c>GET /api/v1/workspaces/{id}/projects</c>: the workspace's projects in path order.</summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request, ListResponse<ProjectView>>
{
    public override void Configure()
    {
        Get("{id}/projects");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var workspaceId = RouteId.Canonical(req.Id, "workspace");
        await using var connection = await db.OpenAsync(ct);
        if (!await OwnedWorkspaces.ExistsAsync(connection, HttpContext.Caller(), workspaceId, ct))
            throw ApiException.NotFound("workspace");
        var (total, items) = await Data.ListAsync(connection, workspaceId, req, ct);
        await Send.OkAsync(new ListResponse<ProjectView>(items, PageMeta.For(req, total)), ct);
    }
}
