using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.LinkScript;

/// <summary>
/// <c>POST /api/v1/controlm-jobs/{id}/link-script {scriptId}</c>: the job runs that script (replacing any earlier link),
/// audited as <c>controlm_job.linked</c>. An unknown script is a 400 on <c>scriptId</c>, an unknown job a 404.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/{id}/link-script");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        var scriptId = Guid.Parse(req.ScriptId!);
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await Data.LockAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("job");
        // Read inside the transaction after the job's lock; the foreign key keeps a script deleted meanwhile from being linked.
        if (!(await ScriptLookup.NamesAsync(connection, [scriptId], ct)).TryGetValue(scriptId.ToString(), out var name))
            ThrowError(r => r.ScriptId!, "names no script.");
        var version = current.Version;
        if (current.ScriptId != scriptId)
        {
            version = await Data.SetAsync(connection, tx, id, scriptId, HttpContext.Caller().Username, now, ct);
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm_job.linked", "controlm_job", id.ToString(),
                Before: new { linkedScriptId = current.ScriptId }, After: new { linkedScriptId = scriptId }), now, ct);
        }
        await tx.CommitAsync(ct);
        await Send.OkAsync(new Response(new LinkedScriptView(scriptId.ToString(), name!), version), ct);
    }
}
