using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.CreateScript;

internal sealed record Response(ScriptView Script);

/// <summary>
/// <c>POST /api/v1/scripts</c>: analyses the content, stores the script with what was derived from it, resolves every
/// reference that was waiting for this name, and audits <c>script.created</c> (content as hash and size) — one transaction.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<ScriptsGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409, ErrorCodes.Conflict)
            .WithBodyLimit(ScriptBodies.Save, ScriptBodies.SaveDefault));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();
        var draft = ScriptDraft.FromText(Guid.CreateVersion7(), req.Name!.Trim(), req.Description?.Trim() ?? "", req.Content!, req.Type, req.IsActive ?? true);

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await ScriptStore.InsertAsync(connection, tx, [draft], caller.Username, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"A script named '{draft.Name}' already exists (names are compared case-insensitively).");
        }
        var (tagIds, unknown) = await ScriptTagging.ResolveAsync(connection, tx, req.Tags, req.TagIds, now, ct);
        if (unknown.Length > 0)
            ThrowError(r => r.TagIds!, $"no tag has the id {string.Join(", ", unknown)}.");
        await ScriptStore.SetTagsAsync(connection, tx, draft.Id, tagIds, ct);
        await ScriptStore.ResolveAsync(connection, tx, ScriptStore.NamesTouchedBy([draft]), ct);
        var script = (await ScriptReader.ReadAsync(connection, tx, draft.Id, ct))!;
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("script.created", "script", script.Id, After: new
        {
            name = script.Name, description = script.Description, type = script.Type, isActive = script.IsActive,
            tags = script.Tags.Select(t => t.Name), contentSha256 = draft.Sha256, sizeBytes = draft.Bytes.Length,
        }), now, ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/scripts/{script.Id}";
        HttpContext.Response.SetETag(script.Version);
        await Send.ResponseAsync(new Response(script), 201, ct);
    }
}
