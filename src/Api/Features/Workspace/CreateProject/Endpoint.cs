using FastEndpoints;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateProject;

/// <summary>
/// <c>POST /api/v1/workspaces/{id}/projects</c>: adds a project folder to the workspace. The original web client's project
/// form creates it as <c>POST /api/v1/personal-projects</c> (contract §14): the same endpoint, so the same rule.
/// </summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock) : Endpoint<Request, Response>
{
    const string Alias = "personal-projects";

    public override void Configure()
    {
        // Full routes, not the group: a group's prefix would apply to the alias too.
        Post($"{WorkspaceGroup.Prefix}/{{id}}/projects", Alias);
        Tags(WorkspaceGroup.Tag);
        this.ClientAliases(Alias);
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(404).Fails(409));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var workspaceId = RouteId.Canonical(req.Workspace(), "workspace");
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();
        var project = new ProjectView
        {
            Id = Guid.CreateVersion7().ToString(),
            WorkspaceId = workspaceId,
            Name = req.NameOrTitle()!.Trim(),
            RelativePath = WorkspacePaths.NormalizeRelativePath(req.RelativePathOrFolderPath()!),
            Description = WorkspaceRules.NormalizeDescription(req.Description),
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await OwnedWorkspaces.ExistsAsync(connection, caller, workspaceId, ct, tx))
            throw ApiException.NotFound("workspace");
        try
        {
            await Data.InsertAsync(connection, tx, project, ct);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"This workspace already has a project at '{project.RelativePath}'.");
        }
        await OwnedWorkspaces.TouchAsync(connection, tx, caller, workspaceId, now, ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/workspaces/{workspaceId}/projects/{project.Id}";
        await Send.ResponseAsync(new Response(project), 201, ct);
    }
}
