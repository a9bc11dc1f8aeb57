using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.UpdateJob;

/// <summary>
/// <c>PATCH /api/v1/controlm-jobs/{id}</c> (If-Match or <c>version</c>): changes the members sent, audited as
/// <c>controlm_job.updated</c> with the members that changed. A change that changes nothing writes nothing.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Patch("/{id}");
        Group<ControlMGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.Conflict).Fails(412));
        this.Allow(Access.Team(Permission.ControlMWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "job");
        var now = clock.GetUtcNow();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The row lock serialises updates of one job, so the second meets the first's version and gets its 412.
        var current = await JobStore.LockAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("job");
        Versions.Require(ifMatch, req.Version, current.Version, "job");

        var job = req.ApplyTo(current.Definition);
        var moved = (job.Datacenter, job.FolderPath, job.JobName) != (current.Definition.Datacenter, current.Definition.FolderPath, current.Definition.JobName);
        if (req.Occurrence is { } occurrence)
            job = job with { Occurrence = occurrence };
        else if (moved)
            job = job with { Occurrence = await JobStore.NextOccurrenceAsync(connection, tx, job, ct) };

        var scriptId = req.SendsLinkedScriptId ? (req.LinkedScriptId is null ? (Guid?)null : Guid.Parse(req.LinkedScriptId)) : current.ScriptId;
        if (scriptId != current.ScriptId && scriptId is { } linked && !(await ScriptLookup.NamesAsync(connection, [linked], ct)).ContainsKey(linked.ToString()))
            ThrowError(r => r.LinkedScriptId!, "names no script.");

        var (before, after) = JobStore.Changes(current.Definition, job);
        if (scriptId != current.ScriptId)
        {
            before["linkedScriptId"] = current.ScriptId?.ToString();
            after["linkedScriptId"] = scriptId?.ToString();
        }
        if (after.Count > 0)
        {
            try
            {
                await JobStore.UpdateAsync(connection, tx, id, current, job, scriptId, HttpContext.Caller().Username, now, ct);
            }
            catch (PostgresException e) when (e.IsUniqueViolation())
            {
                throw ApiException.Conflict($"Folder '{job.FolderPath}' already has occurrence {job.Occurrence} of a job named '{job.JobName}'.");
            }
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm_job.updated", "controlm_job", id.ToString(), before, after), now, ct);
        }
        var view = (await JobReader.ReadAsync(connection, tx, id, ct))!;
        await tx.CommitAsync(ct);

        HttpContext.Response.SetETag(view.Version);
        await Send.OkAsync(new Response(view), ct);
    }
}
