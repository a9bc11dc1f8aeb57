using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListWorkspaces;

/// <summary><c>GET /api/v1/workspaces</c>: the caller's workspaces, newest first.</summary>
internal sealed class Endpoint(LocalDatabase db) : Endpoint<Request, ListResponse<WorkspaceSummary>>
{
    public override void Configure()
    {
        Get("");
        Group<WorkspaceGroup>();
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var (total, items) = await Data.ListAsync(connection, HttpContext.Caller(), req, ct);
        await Send.OkAsync(new ListResponse<WorkspaceSummary>(items, PageMeta.For(req, total)), ct);
    }
}
