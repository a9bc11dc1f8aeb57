using FastEndpoints;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateWorkspace;

/// <summary><c>POST /api/v1/workspaces</c>: registers a folder as a workspace of the caller. Nothing on disk is touched.</summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<WorkspaceGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var workspace = new WorkspaceView
        {
            Id = Guid.CreateVersion7().ToString(),
            Name = req.Name!.Trim(),
            RootPath = WorkspacePaths.NormalizeRootPath(req.RootPath!),
            Description = WorkspaceRules.NormalizeDescription(req.Description),
            Status = WorkspaceStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var connection = await db.OpenAsync(ct);
        try
        {
            await Data.InsertAsync(connection, HttpContext.Caller(), workspace, ct);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"You already have a workspace at '{workspace.RootPath}'.");
        }

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/workspaces/{workspace.Id}";
        await Send.ResponseAsync(new Response(workspace), 201, ct);
    }
}
