using System.Text.Json;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListScripts;

/// <summary>
/// <c>GET /api/v1/scripts</c>: a page of scripts without their content, each with its mappings, tags and references —
/// three statements whatever the page size. The answer to a query is kept until the library changes (<see cref="ListAnswers"/>):
/// a page asked again is one read of the library's version. Building a page costs several times the statements and
/// the CPU of a cheap team call (docs/benchmarks.md), and a library is read far more often than it is written.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, ListAnswers answers) : Endpoint<Request, ListResponse<ScriptView>>
{
    public override void Configure()
    {
        Get("");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        // The version is read before the page, so a page kept under it holds rows at least that new.
        var version = await ListAnswers.VersionAsync(connection, ct);
        var key = "scripts" + HttpContext.Request.QueryString.Value;
        if (answers.Find(key, version) is not { } body)
        {
            var (total, items) = await Data.ListAsync(connection, req, ct);
            await ScriptReader.FillAsync(connection, null, items, ct);
            var meta = req.PageSize == 0
                ? new PageMeta(total, req.Page, 0, false, req.Page > 1)
                : PageMeta.For(req, total);
            body = JsonSerializer.SerializeToUtf8Bytes(new ListResponse<ScriptView>(items, meta), ApiJson.Options);
            answers.Keep(key, version, body);
        }
        HttpContext.MarkResponseStart();
        HttpContext.Response.ContentType = "application/json; charset=utf-8";
        HttpContext.Response.ContentLength = body.Length;
        await HttpContext.Response.Body.WriteAsync(body, ct);
    }
}
