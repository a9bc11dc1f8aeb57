using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.ControlM;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.DeleteScript;

/// <summary>
/// <c>DELETE /api/v1/scripts/{id}</c> (If-Match optional): removes the script with its mappings, references and tag links;
/// the references other scripts had to it become unresolved again (or resolve to another script of that name) in the same
/// transaction, audited as <c>script.deleted</c>. Jobs linked to it are unlinked first (Control-M's <c>LinkedJobs</c>), each
/// audited as <c>controlm_job.unlinked</c>.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<ScriptRequest>
{
    const string DeleteSql = """
        DELETE FROM scripts WHERE id = @Id
        RETURNING name AS Name, version AS Version, content_sha256 AS Sha256, size_bytes AS SizeBytes
        """;

    const string VersionSql = "SELECT version FROM scripts WHERE id = @Id FOR UPDATE";

    public override void Configure()
    {
        Delete("/{id}");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404).Fails(412));
        this.Allow(Access.Team(Permission.ScriptsDelete));
    }

    public override async Task HandleAsync(ScriptRequest req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "script");
        var now = clock.GetUtcNow();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var version = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(VersionSql, new { Id = id }, tx, cancellationToken: ct))
            ?? throw ApiException.NotFound("script");
        Versions.Require(ifMatch, null, version, "script");
        var unlinked = await LinkedJobs.UnlinkAsync(connection, tx, id, HttpContext.Caller().Username, now, ct);
        var deleted = await connection.QuerySingleAsync<(string Name, int Version, string Sha256, int SizeBytes)>(
            new CommandDefinition(DeleteSql, new { Id = id }, tx, cancellationToken: ct));
        await ScriptStore.ResolveAsync(connection, tx, [deleted.Name], ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("script.deleted", "script", id.ToString(),
            Before: new { name = deleted.Name, content = new { contentSha256 = deleted.Sha256, sizeBytes = deleted.SizeBytes } },
            After: unlinked.Count == 0 ? null : new { unlinkedJobs = unlinked }), now, ct);
        if (unlinked.Count > 0)
            await AuditLog.AppendManyAsync(connection, tx, HttpContext, [.. unlinked.Select(job => new AuditEntry("controlm_job.unlinked", "controlm_job", job.ToString(),
                Before: new { linkedScriptId = id }, After: new { linkedScriptId = (Guid?)null }))], now, ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
