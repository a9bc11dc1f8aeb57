using FastEndpoints;
using Microsoft.Extensions.Options;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ImportScripts;

/// <summary>
/// <c>POST /api/v1/scripts/import</c>: upserts scripts by name (case-insensitively) from a multipart or JSON body, all or
/// nothing. A file whose bytes are already stored is unchanged and writes nothing; a changed one gets the new content (its
/// description, type, active flag and tags stay). One transaction: the scripts, their derived facts, every reference
/// they touch, one audit entry per created or updated script and one <c>script.imported</c> summary.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, IOptions<ScriptsOptions> options, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/import");
        Group<ScriptsGroup>();
        AllowFileUploads(dontAutoBindFormData: true);
        Description(b => b.Accepts<Request>("application/json", "multipart/form-data").Fails(409, ErrorCodes.Conflict).Fails(413, ErrorCodes.PayloadTooLarge)
            .WithBodyLimit(ScriptBodies.Import, ScriptBodies.ImportDefault));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var files = await ReadFilesAsync(req, ct);
        var errors = ImportFiles.Problems(files).ToArray();
        if (errors.Length > 0 && !req.DryRun)
        {
            foreach (var error in errors)
                AddError(error.File, error.Message);
            ThrowIfAnyErrors();
        }

        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();
        var response = await sharedDb.RunBulkAsync((connection, token) => ImportAsync(connection, req.DryRun, files, errors, caller.Username, now, token), ct);
        await Send.OkAsync(response, ct);
    }

    /// <summary>Sorts the files into created, updated and unchanged against what is stored and, unless a dry run, writes them and their audit entries in one transaction.</summary>
    async Task<Response> ImportAsync(NpgsqlConnection connection, bool dryRun, List<ImportFile> files, ImportError[] errors, string username, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        var valid = files.Where(f => f.Problem is null).ToList();
        var existing = await Data.LockExistingAsync(connection, tx, valid.Select(f => f.Name), ct);

        var created = new List<ScriptDraft>();
        var updated = new List<(ScriptDraft Draft, Data.Existing Was)>();
        var unchanged = new List<string>();
        foreach (var file in valid)
        {
            if (existing.TryGetValue(file.Name, out var was))
            {
                var draft = ScriptDraft.For(was.Id, file.Name, was.Description, file.Decoded!, file.Bytes, was.Type, was.IsActive);
                if (draft.Sha256 == was.Sha256 && draft.Name == was.Name)
                    unchanged.Add(was.Name);
                else
                    updated.Add((draft, was));
            }
            else
            {
                created.Add(ScriptDraft.For(Guid.CreateVersion7(), file.Name, "", file.Decoded!, file.Bytes, null, true));
            }
        }
        var response = new Response([.. created.Select(d => d.Name)], [.. updated.Select(u => u.Draft.Name)], [.. unchanged], errors, dryRun);
        if (dryRun)
            return response;

        try
        {
            await ScriptStore.InsertAsync(connection, tx, created, username, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict("A script of one of these names was created while the import ran; nothing was imported. Import again.");
        }
        await ScriptStore.UpdateAsync(connection, tx, [.. updated.Select(u => u.Draft)], username, now, ct);
        var written = created.Concat(updated.Select(u => u.Draft)).ToList();
        await ScriptStore.ResolveAsync(connection, tx, ScriptStore.NamesTouchedBy(written).Concat(updated.Select(u => u.Was.Name)), ct);

        var entries = created.Select(d => new AuditEntry("script.created", "script", d.Id.ToString(),
                After: new { name = d.Name, type = d.Type, isActive = d.IsActive, content = d.ContentFacts }))
            .Concat(updated.Select(u => new AuditEntry("script.updated", "script", u.Draft.Id.ToString(),
                Before: new { name = u.Was.Name, content = new { contentSha256 = u.Was.Sha256, sizeBytes = u.Was.SizeBytes } },
                After: new { name = u.Draft.Name, content = u.Draft.ContentFacts })))
            .Append(new AuditEntry("script.imported", "script", null,
                After: new { created = created.Count, updated = updated.Count, unchanged = unchanged.Count, files = files.Count }))
            .ToList();
        await AuditLog.AppendManyAsync(connection, tx, HttpContext, entries, now, ct);
        await tx.CommitAsync(ct);
        return response;
    }

    async Task<List<ImportFile>> ReadFilesAsync(Request req, CancellationToken ct)
    {
        try
        {
            if (HttpContext.Request.HasFormContentType)
                return await ImportFiles.ReadMultipartAsync(FormFileSectionsAsync(ct), options.Value, ct);
            if (req.Files is null)
                ThrowError(r => r.Files!, "must be given: {\"files\":[{\"name\":…,\"content\":…}]}, or send the files as multipart/form-data.");
            return ImportFiles.FromJson(req.Files, options.Value);
        }
        catch (ImportFiles.TooLargeException e)
        {
            throw new ApiException(413, ErrorCodes.PayloadTooLarge, e.Message);
        }
        catch (ImportFiles.TooManyException e)
        {
            AddError("files", e.Message);
            ThrowIfAnyErrors();
            throw;
        }
    }
}
