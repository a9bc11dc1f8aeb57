using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.GetWorkspace;

/// <summary><c>GET /api/v1/workspaces/{id}</c>: the workspace with all of its projects.</summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("{id}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "workspace");
        await using var connection = await db.OpenAsync(ct);
        var workspace = await OwnedWorkspaces.LoadAsync(connection, HttpContext.Caller(), id, ct) ?? throw ApiException.NotFound("workspace");
        await Send.OkAsync(new Response(workspace), ct);
    }
}
