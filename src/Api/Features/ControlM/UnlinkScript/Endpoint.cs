using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;
using LinkData = WorkspaceOrganizer.Api.Features.ControlM.LinkScript.Data;

namespace WorkspaceOrganizer.Api.Features.ControlM.UnlinkScript;

/// <summary>
/// <c>DELETE /api/v1/controlm-jobs/{id}/link-script</c>: the job no longer names its script (204); audited as
/// <c>controlm_job.unlinked</c> when there was a link, a no-op otherwise.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/{id}/link-script");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await LinkData.LockAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("job");
        if (current.ScriptId is { } was)
        {
            await LinkData.SetAsync(connection, tx, id, null, HttpContext.Caller().Username, now, ct);
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm_job.unlinked", "controlm_job", id.ToString(),
                Before: new { linkedScriptId = was }, After: new { linkedScriptId = (Guid?)null }), now, ct);
        }
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
