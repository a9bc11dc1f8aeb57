using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.DeleteWorkspace;

/// <summary><c>DELETE /api/v1/workspaces/{id}</c>: forgets the workspace and its projects; the folders on disk stay as they are.</summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("{id}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "workspace");
        await using var connection = await db.OpenAsync(ct);
        if (!await Data.DeleteAsync(connection, HttpContext.Caller(), id, ct))
            throw ApiException.NotFound("workspace");
        await Send.NoContentAsync(ct);
    }
}
