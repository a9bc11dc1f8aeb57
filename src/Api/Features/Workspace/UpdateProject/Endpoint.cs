using FastEndpoints;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateProject;

/// <summary>
/// <c>PATCH /api/v1/workspaces/{id}/projects/{projectId}</c>: changes the members sent; the project's and the
/// workspace's <c>updatedAt</c> move only when something changed.
/// </summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Patch("{id}/projects/{projectId}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404).Fails(409));
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
        var current = await Data.FindAsync(connection, tx, workspaceId, projectId, ct) ?? throw ApiException.NotFound("project");
        var changed = current with
        {
            Name = req.HasName ? req.Name!.Trim() : current.Name,
            RelativePath = req.HasRelativePath ? WorkspacePaths.NormalizeRelativePath(req.RelativePath!) : current.RelativePath,
            Description = req.HasDescription ? WorkspaceRules.NormalizeDescription(req.Description) : current.Description,
        };
        if (changed == current)
        {
            await Send.OkAsync(new Response(current), ct);
            return;
        }

        var now = clock.GetUtcNow();
        changed = changed with { UpdatedAt = now };
        try
        {
            await Data.UpdateAsync(connection, tx, changed, ct);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"This workspace already has a project at '{changed.RelativePath}'.");
        }
        await OwnedWorkspaces.TouchAsync(connection, tx, caller, workspaceId, now, ct);
        await tx.CommitAsync(ct);
        await Send.OkAsync(new Response(changed), ct);
    }
}
