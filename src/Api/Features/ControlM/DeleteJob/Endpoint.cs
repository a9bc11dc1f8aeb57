using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.DeleteJob;

/// <summary>
/// <c>DELETE /api/v1/controlm-jobs/{id}</c> (If-Match optional): removes the job with its conditions; the jobs that waited
/// for what it posted now wait for an external condition. Audited as <c>controlm_job.deleted</c>.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request>
{
    const string LockSql = "SELECT version FROM controlm_jobs WHERE id = @Id FOR UPDATE";

    const string DeleteSql = """
        DELETE FROM controlm_jobs WHERE id = @Id
        RETURNING datacenter AS Datacenter, folder AS Folder, job_name AS JobName, occurrence AS Occurrence, script_id AS ScriptId
        """;

    public override void Configure()
    {
        Delete("/{id}");
        Group<ControlMGroup>();
        Description(b => b.Fails(404).Fails(412));
        this.Allow(Access.Team(Permission.ControlMDelete));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "job");
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var version = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct))
            ?? throw ApiException.NotFound("job");
        Versions.Require(ifMatch, null, version, "job");
        var deleted = await connection.QuerySingleAsync<(string Datacenter, string Folder, string JobName, int Occurrence, Guid? ScriptId)>(
            new CommandDefinition(DeleteSql, new { Id = id }, tx, cancellationToken: ct));
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm_job.deleted", "controlm_job", id.ToString(), Before: new
        {
            datacenter = deleted.Datacenter,
            folder = deleted.Folder,
            jobName = deleted.JobName,
            occurrence = deleted.Occurrence,
            linkedScriptId = deleted.ScriptId,
        }), now, ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
