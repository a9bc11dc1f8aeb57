using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListScripts;

/// <summary>
/// <c>GET /api/v1/scripts</c>: a page of scripts without their content, each with its mappings, tags and references —
/// three statements whatever the page size.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ListResponse<ScriptView>>
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
        var (total, items) = await Data.ListAsync(connection, req, ct);
        await ScriptReader.FillAsync(connection, null, items, ct);
        var meta = req.PageSize == 0
            ? new PageMeta(total, req.Page, 0, false, req.Page > 1)
            : PageMeta.For(req, total);
        await Send.OkAsync(new ListResponse<ScriptView>(items, meta), ct);
    }
}
