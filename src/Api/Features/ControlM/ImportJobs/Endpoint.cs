using FastEndpoints;
using Microsoft.Net.Http.Headers;
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
/// JSON or CSV; the format from the content type, else from the content), or multipart/form-data with one or more such
/// files, or the original web client's <c>{csvContent, replaceExisting}</c> (answered with that client's counts too). It is
/// read as a stream and copied into a staging table as it is read, then merged set-based — one transaction, all or nothing,
/// one audit entry. A dry run does all of it and rolls back, so its report is exactly what the import would do.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : EndpointWithoutRequest<Response>
{
    const string Multipart = "multipart/form-data";

    public override void Configure()
    {
        Post("/import");
        Group<ControlMGroup>();
        Description(b => b.Accepts<string>("application/xml", "text/xml", "application/json", "text/csv", "text/plain", "application/octet-stream", Multipart)
            .TakesQuery(ImportQuery.ModeName, "merge (default) adds and updates; replace also removes the jobs of the imported folders that the files no longer have (needs controlm:delete too).", ImportQuery.Merge, ImportQuery.Merge, ImportQuery.Replace)
            .TakesQuery(ImportQuery.DryRunName, "true: the same report, nothing written.", false)
            .Fails(400).Fails(403, ErrorCodes.Forbidden).Fails(413, ErrorCodes.PayloadTooLarge)
            .WithBodyLimit(ImportQuery.BodyLimitName, ImportQuery.BodyLimitDefault).TakesRawBody());
        this.Allow(Access.Team(Permission.ControlMImport));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var queryMode = Query<string>(ImportQuery.ModeName, isRequired: false);
        if (queryMode is not (null or ImportQuery.Merge or ImportQuery.Replace))
            throw Refused(ImportQuery.ModeName, "is merge or replace.");
        var dryRun = Query<bool?>(ImportQuery.DryRunName, isRequired: false) ?? false;
        var caller = HttpContext.Caller();
        // Refused before the body is read when the query says so; a client body's replaceExisting is checked before merging.
        if (queryMode == ImportQuery.Replace)
            DemandDelete(caller);

        var now = clock.GetUtcNow();
        var (response, client) = await sharedDb.RunBulkAsync((connection, token) => ImportAsync(connection, queryMode, dryRun, caller, now, token), ct);
        if (client)
            // Another shape than the endpoint's response type, sent with the same serializer settings.
            await HttpContext.Response.SendAsync(ClientResponse.Of(response), 200, null, ct);
        else
            await Send.OkAsync(response, ct);
    }

    /// <summary>
    /// A 400 on <paramref name="field"/>, to throw (ThrowError(string, string) would take the field for the message); the
    /// answer is built from the endpoint's failures, as ThrowIfAnyErrors does.
    /// </summary>
    ValidationFailureException Refused(string field, string message)
    {
        AddError(new FluentValidation.Results.ValidationFailure(field, message));
        return new ValidationFailureException(ValidationFailures, "The import is refused.");
    }

    static void DemandDelete(Caller caller)
    {
        if (!caller.Has(Permission.ControlMDelete))
            throw new ApiException(403, ErrorCodes.Forbidden, $"Importing with mode=replace removes jobs: it requires the permission '{Permission.ControlMDelete}' as well.");
    }

    async Task<(Response Response, bool Client)> ImportAsync(NpgsqlConnection connection, string? queryMode, bool dryRun, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Data.LockAndStageAsync(connection, tx, ct);

        var files = new ImportFiles();
        ClientBody? client = null;
        IAsyncEnumerable<ControlMItem> items;
        var contentType = HttpContext.Request.ContentType;
        if (MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals(Multipart, StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
                throw Refused("body", "a multipart body needs a boundary in its Content-Type.");
            items = files.ReadPartsAsync(boundary, HttpContext.Request.Body, ct);
        }
        else
        {
            // Hashed from its first byte: the single body is itself the file (the client's body hashes its CSV instead).
            var body = new DigestStream(HttpContext.Request.Body);
            var head = await ImportFiles.SniffAsync(body, ct);
            var format = ControlMReader.Detect(contentType, head.Span);
            if (format == ControlMFormat.Json && ClientBody.IsClientBody(head.Span))
            {
                client = new ClientBody();
                items = client.ReadAsync(new PrefixedStream(head, body),
                    csv => files.ReadAsync(ClientBody.CsvContent, new DigestStream(csv), ReadOnlyMemory<byte>.Empty, ControlMFormat.Csv, ct), ct);
            }
            else
                items = files.ReadAsync(null, body, head, format, ct);
        }

        var folders = new List<FolderDefinition>();
        var flows = new List<FlowEdge>();
        int staged;
        try
        {
            staged = await Data.StageAsync(connection, items, folders, flows, ct);
        }
        catch (ControlMFormatException e)
        {
            throw Refused(e.Location, e.Message);
        }
        if (await Data.FindDuplicateAsync(connection, tx, ct) is { } duplicate)
            throw Refused(duplicate.Second, $"the job {duplicate.Datacenter}/{duplicate.Folder}/{duplicate.JobName} (occurrence {duplicate.Occurrence}) is also at {duplicate.First}: a job may come once in one import.");

        // The contract's name wins over the client's: replaceExisting counts only when the query names no mode.
        var mode = queryMode ?? (client?.ReplaceExisting == true ? ImportQuery.Replace : ImportQuery.Merge);
        if (mode == ImportQuery.Replace)
            DemandDelete(caller);

        var (written, removed, imported) = await Data.MergeAsync(connection, tx, folders, flows, mode == ImportQuery.Replace, caller.Username, now, ct);
        var added = written.Where(w => w.Inserted).Select(w => w.Id).ToList();
        var changed = written.Where(w => !w.Inserted).Select(w => w.Id).ToList();
        var response = new Response(added.Count, changed.Count, staged - written.Count, removed.Count, 0, [], imported, files.FormatName, mode, dryRun);
        if (dryRun)
        {
            await tx.RollbackAsync(ct);
            return (response, client is not null);
        }
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("controlm.imported", "controlm", null, After: new
        {
            format = response.Format,
            mode,
            files = files.Files.Select(f => new { name = f.Name, format = f.Format.ToString().ToLowerInvariant(), sha256 = f.Sha256, bytes = f.Bytes }),
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
        return (response, client is not null);
    }
}
