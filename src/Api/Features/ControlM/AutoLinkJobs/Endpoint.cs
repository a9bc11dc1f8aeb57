using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.AutoLinkJobs;

/// <summary>
/// <c>POST /api/v1/controlm-jobs/auto-link</c>: links unlinked jobs to the script their memName or cmdLine names, set-based
/// (one statement however many jobs), audited as one <c>controlm.auto_linked</c> entry listing the links made.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Post("/auto-link");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMWrite));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var response = await sharedDb.RunBulkAsync(async (connection, token) =>
        {
            await using var tx = await connection.BeginTransactionAsync(token);
            var (before, links) = await Data.LinkAsync(connection, tx, HttpContext.Caller().Username, now, token);
            var linked = before.Linked + links.Count;
            var result = new Response(linked, links.Count, before.Linked, before.Total - linked);
            if (links.Count > 0)
                await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm.auto_linked", "controlm", null, After: new
                {
                    newlyLinked = links.Count,
                    links = links.Select(l => new { jobId = l.JobId, scriptId = l.ScriptId }),
                }), now, token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
        await Send.OkAsync(response, ct);
    }
}
