using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.GetProject;

/// <summary><c>GET /api/v1/workspaces/{id}/projects/{projectId}</c>.</summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("{id}/projects/{projectId}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var workspaceId = RouteId.Canonical(req.Id, "workspace");
        var projectId = RouteId.Canonical(req.ProjectId, "project");
        await using var connection = await db.OpenAsync(ct);
        if (!await OwnedWorkspaces.ExistsAsync(connection, HttpContext.Caller(), workspaceId, ct))
            throw ApiException.NotFound("workspace");
        var project = await Data.FindAsync(connection, workspaceId, projectId, ct) ?? throw ApiException.NotFound("project");
        await Send.OkAsync(new Response(project), ct);
    }
}
