using Dapper;
using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.UpdateScript;

internal sealed record Response(ScriptView Script);

/// <summary>
/// <c>PATCH /api/v1/scripts/{id}</c> (If-Match or <c>version</c>): changes the members sent, re-analyses the content,
/// re-resolves the references the change touches (a rename breaks or repairs other scripts' references) and audits
/// <c>script.updated</c> with the changed fields, content as hash and size. A change that changes nothing writes nothing.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    // The row lock serialises updates of one script, so the second one meets the first's version and gets its 412.
    const string LockSql = "SELECT content_bytes AS Bytes, encoding AS Encoding FROM scripts WHERE id = @Id FOR NO KEY UPDATE";

    public override void Configure()
    {
        Patch("/{id}");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.Conflict).Fails(412).WithBodyLimit(ScriptBodies.Save, ScriptBodies.SaveDefault));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "script");
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<(byte[] Bytes, string Encoding)>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct));
        if (stored.Bytes is null)
            throw ApiException.NotFound("script");
        var current = (await ScriptReader.ReadAsync(connection, tx, id, ct))!;
        Versions.Require(ifMatch, req.Version, current.Version, "script");

        var name = req.Name?.Trim() ?? current.Name;
        var description = req.Description is null ? current.Description : req.Description.Trim();
        var draft = req.Content is null || req.Content == current.Content
            ? ScriptDraft.For(id, name, description, new DecodedScript(current.Content!, stored.Encoding), stored.Bytes, req.Type ?? current.Type, req.IsActive ?? current.IsActive)
            : ScriptDraft.FromText(id, name, description, req.Content, req.Type ?? current.Type, req.IsActive ?? current.IsActive);

        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        Compare("name", current.Name, draft.Name);
        Compare("description", current.Description, draft.Description);
        Compare("type", current.Type, draft.Type);
        Compare("isActive", current.IsActive, draft.IsActive);
        if (draft.Sha256 != current.ContentSha256)
        {
            before["content"] = new { contentSha256 = current.ContentSha256, sizeBytes = current.SizeBytes };
            after["content"] = draft.ContentFacts;
        }
        var fieldsChanged = after.Count > 0;
        if (req.HasTags)
        {
            var (tagIds, unknown) = await ScriptTagging.ResolveAsync(connection, tx, req.Tags, req.TagIds, now, ct);
            if (unknown.Length > 0)
                ThrowError(r => r.TagIds!, $"no tag has the id {string.Join(", ", unknown)}.");
            var currentIds = current.Tags.Select(t => Guid.Parse(t.Id)).ToHashSet();
            if (!currentIds.SetEquals(tagIds))
            {
                await ScriptStore.SetTagsAsync(connection, tx, id, tagIds, ct);
                before["tags"] = current.Tags.Select(t => t.Name).ToArray();
                after["tags"] = tagIds;
            }
        }
        if (after.Count == 0)
        {
            HttpContext.Response.SetETag(current.Version);
            await Send.OkAsync(new Response(current), ct);
            return;
        }

        try
        {
            // A tag change alone bumps the version too: the script as a resource changed.
            await ScriptStore.UpdateAsync(connection, tx, [draft], caller.Username, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"A script named '{draft.Name}' already exists (names are compared case-insensitively).");
        }
        if (fieldsChanged)
            await ScriptStore.ResolveAsync(connection, tx, ScriptStore.NamesTouchedBy([draft]).Append(current.Name), ct);
        var script = (await ScriptReader.ReadAsync(connection, tx, id, ct))!;
        if (after.ContainsKey("tags"))
            after["tags"] = script.Tags.Select(t => t.Name).ToArray();
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("script.updated", "script", script.Id, before, after), now, ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.SetETag(script.Version);
        await Send.OkAsync(new Response(script), ct);

        void Compare(string field, object was, object becomes)
        {
            if (Equals(was, becomes))
                return;
            before[field] = was;
            after[field] = becomes;
        }
    }
}
