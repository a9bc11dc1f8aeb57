using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.DeleteJobs;

/// <summary>
/// <c>DELETE /api/v1/controlm-jobs?folder=&amp;datacenter=</c>: every job (of a folder, with its sub-folders' own paths
/// untouched) in one statement → <c>{deletedCount}</c>, one <c>controlm.jobs_deleted</c> audit entry with the count and
/// the folder. The folder rows go with their last job. Takes the import's lock, so it never interleaves with an import.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    const string LockSql = AdvisoryLocks.ControlMCatalog;

    const string DeleteSql = """
        WITH gone AS (
            DELETE FROM controlm_jobs j
            WHERE (@Folder::text IS NULL OR j.folder = @Folder::text) AND (@Datacenter::text IS NULL OR j.datacenter = @Datacenter::text)
            RETURNING j.datacenter, j.folder),
        folders AS (
            DELETE FROM controlm_folders f
            WHERE (@Folder::text IS NULL OR f.path = @Folder::text) AND (@Datacenter::text IS NULL OR f.datacenter = @Datacenter::text)
            RETURNING f.id)
        SELECT (SELECT count(*) FROM gone)::int
        """;

    public override void Configure()
    {
        Delete("");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMDelete));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deleted = await sharedDb.RunBulkAsync(async (connection, token) =>
        {
            await using var tx = await connection.BeginTransactionAsync(token);
            await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: token));
            var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition(DeleteSql, new { req.Folder, req.Datacenter }, tx, cancellationToken: token));
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm.jobs_deleted", "controlm", null,
                Before: new { folder = req.Folder, datacenter = req.Datacenter, deletedCount = count }), now, token);
            await tx.CommitAsync(token);
            return count;
        }, ct);
        await Send.OkAsync(new Response(deleted), ct);
    }
}
