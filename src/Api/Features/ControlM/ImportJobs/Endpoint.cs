using System.Security.Cryptography;
using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>
/// <c>POST /api/v1/controlm-jobs/import?mode=merge|replace&amp;dryRun=</c>: the body is the export itself (XML, Automation API
/// JSON or CSV; the format from the content type, else from the content). It is read as a stream and copied into a staging
/// table as it is read, then merged set-based — one transaction, all or nothing, one audit entry. A dry run does all of it
/// and rolls back, so its report is exactly what the import would do.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Post("/import");
        Group<ControlMGroup>();
        Description(b => b.Accepts<string>("application/xml", "text/xml", "application/json", "text/csv", "text/plain", "application/octet-stream")
            .Fails(400).Fails(403, ErrorCodes.Forbidden).Fails(413, ErrorCodes.PayloadTooLarge)
            .WithBodyLimit(ImportQuery.BodyLimitName, ImportQuery.BodyLimitDefault).TakesRawBody());
        this.Allow(Access.Team(Permission.ControlMImport));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var mode = Query<string>("mode", isRequired: false) ?? ImportQuery.Merge;
        if (mode is not (ImportQuery.Merge or ImportQuery.Replace))
            ThrowError("mode", "is merge or replace.");
        var dryRun = Query<bool?>("dryRun", isRequired: false) ?? false;
        var caller = HttpContext.Caller();
        if (mode == ImportQuery.Replace && !caller.Has(Permission.ControlMDelete))
            throw new ApiException(403, ErrorCodes.Forbidden, $"Importing with mode=replace removes jobs: it requires the permission '{Permission.ControlMDelete}' as well.");

        var now = clock.GetUtcNow();
        var response = await sharedDb.RunBulkAsync((connection, token) => ImportAsync(connection, mode, dryRun, caller.Username, now, token), ct);
        await Send.OkAsync(response, ct);
    }

    async Task<Response> ImportAsync(NpgsqlConnection connection, string mode, bool dryRun, string username, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Data.LockAndStageAsync(connection, tx, ct);

        using var sha = SHA256.Create();
        await using var body = new CryptoStream(HttpContext.Request.Body, sha, CryptoStreamMode.Read, leaveOpen: true);
        var head = new byte[ControlMReader.SniffLength];
        var headLength = await PrefixedStream.FillAsync(body, head, ct);
        var format = ControlMReader.Detect(HttpContext.Request.ContentType, head.AsSpan(0, headLength));
        var source = new PrefixedStream(head.AsMemory(0, headLength), body);
        var folders = new List<FolderDefinition>();
        var flows = new List<FlowEdge>();
        int staged;
        try
        {
            staged = await Data.StageAsync(connection, ControlMReader.ReadAsync(source, format, ControlMReaderOptions.Default, ct), folders, flows, ct);
        }
        catch (ControlMFormatException e)
        {
            AddError(new FluentValidation.Results.ValidationFailure(e.Location, e.Message));
            ThrowIfAnyErrors();
            throw;
        }
        await body.CopyToAsync(Stream.Null, ct);
        var bytes = HttpContext.Request.ContentLength;

        var (written, removed, imported) = await Data.MergeAsync(connection, tx, folders, flows, mode == ImportQuery.Replace, username, now, ct);
        var added = written.Where(w => w.Inserted).Select(w => w.Id).ToList();
        var changed = written.Where(w => !w.Inserted).Select(w => w.Id).ToList();
        var formatName = format.ToString().ToLowerInvariant();
        var response = new Response(added.Count, changed.Count, staged - written.Count, removed.Count, 0, [], imported, formatName, mode, dryRun);
        if (dryRun)
        {
            await tx.RollbackAsync(ct);
            return response;
        }
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm.imported", "controlm", null, After: new
        {
            format = formatName,
            mode,
            file = new { sha256 = Convert.ToHexStringLower(sha.Hash!), bytes },
            imported = added.Count,
            updated = changed.Count,
            unchanged = response.Unchanged,
            removed = removed.Count,
            folders = imported.Select(f => $"{f.Datacenter}/{f.Path}"),
            addedIds = added,
            changedIds = changed,
            removedIds = removed,
        }), now, ct);
        await tx.CommitAsync(ct);
        return response;
    }
}
