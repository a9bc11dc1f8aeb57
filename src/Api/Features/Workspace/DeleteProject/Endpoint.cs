using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.DeleteProject;

/// <summary><c>DELETE /api/v1/workspaces/{id}/projects/{projectId}</c>: forgets the project; its folder on disk stays.</summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("{id}/projects/{projectId}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var workspaceId = RouteId.Canonical(req.Id, "workspace");
        var projectId = RouteId.Canonical(req.ProjectId, "project");
        var caller = HttpContext.Caller();

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await OwnedWorkspaces.ExistsAsync(connection, caller, workspaceId, ct, tx))
            throw ApiException.NotFound("workspace");
        if (!await Data.DeleteAsync(connection, tx, workspaceId, projectId, ct))
            throw ApiException.NotFound("project");
        await OwnedWorkspaces.TouchAsync(connection, tx, caller, workspaceId, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
