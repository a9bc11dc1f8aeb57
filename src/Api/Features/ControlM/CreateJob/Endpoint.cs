using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.CreateJob;

/// <summary>
/// <c>POST /api/v1/controlm-jobs</c>: a job written by hand, stored as an import would store the same definition (so a later
/// import of it finds it unchanged) and audited as <c>controlm_job.created</c>. An occurrence already taken is a 409.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<ControlMGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409, ErrorCodes.Conflict));
        this.Allow(Access.Team(Permission.ControlMWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var job = req.ApplyTo(JobStore.Empty());
        job = job with { FolderPath = job.FolderPath is "" ? req.Application!.Trim() : job.FolderPath };
        var scriptId = req.LinkedScriptId is null ? (Guid?)null : Guid.Parse(req.LinkedScriptId);

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        job = job with { Occurrence = req.Occurrence ?? await JobStore.NextOccurrenceAsync(connection, tx, job, ct) };
        if (scriptId is { } linked && !(await ScriptLookup.NamesAsync(connection, [linked], ct)).ContainsKey(linked.ToString()))
            ThrowError(r => r.LinkedScriptId!, "names no script.");
        try
        {
            await JobStore.InsertAsync(connection, tx, id, job, scriptId, HttpContext.Caller().Username, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"Folder '{job.FolderPath}' already has occurrence {job.Occurrence} of a job named '{job.JobName}'.");
        }
        var (_, after) = JobStore.Changes(JobStore.Empty(), job);
        after["linkedScriptId"] = scriptId?.ToString();
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm_job.created", "controlm_job", id.ToString(), After: after), now, ct);
        var view = (await JobReader.ReadAsync(connection, tx, id, ct))!;
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/controlm-jobs/{id}";
        HttpContext.Response.SetETag(view.Version);
        await Send.ResponseAsync(new Response(view), 201, ct);
    }
}
