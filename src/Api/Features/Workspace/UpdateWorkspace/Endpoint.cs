using FastEndpoints;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateWorkspace;

/// <summary><c>PATCH /api/v1/workspaces/{id}</c>: changes the members sent; <c>updatedAt</c> moves only when something changed.</summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Patch("{id}");
        Group<WorkspaceGroup>();
        Description(b => b.Fails(404).Fails(409));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "workspace");
        var caller = HttpContext.Caller();

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await OwnedWorkspaces.LoadAsync(connection, caller, id, ct, tx) ?? throw ApiException.NotFound("workspace");
        var changed = current with
        {
            Name = req.HasName ? req.Name!.Trim() : current.Name,
            RootPath = req.HasRootPath ? WorkspacePaths.NormalizeRootPath(req.RootPath!) : current.RootPath,
            Description = req.HasDescription ? WorkspaceRules.NormalizeDescription(req.Description) : current.Description,
            Status = req.HasStatus ? req.Status! : current.Status,
        };
        if (changed == current)
        {
            await Send.OkAsync(new Response(current), ct);
            return;
        }

        changed = changed with { UpdatedAt = clock.GetUtcNow() };
        try
        {
            await Data.UpdateAsync(connection, tx, changed, ct);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"You already have a workspace at '{changed.RootPath}'.");
        }
        await tx.CommitAsync(ct);
        await Send.OkAsync(new Response(changed), ct);
    }
}
