using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListJobs;

/// <summary>
/// <c>GET /api/v1/controlm-jobs</c>: a page of jobs without their conditions, variables and attributes (the job's own page
/// has them), each with its linked script's name — two statements whatever the page size.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ListResponse<JobView>>
{
    public override void Configure()
    {
        Get("");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var (total, items) = await Data.ListAsync(connection, req, ct);
        var scripts = await ScriptLookup.NamesAsync(connection, [.. items.Where(j => j.LinkedScriptId is not null).Select(j => Guid.Parse(j.LinkedScriptId!)).Distinct()], ct);
        foreach (var job in items)
        {
            if (job.LinkedScriptId is { } id && scripts.TryGetValue(id, out var name))
                job.LinkedScript = new LinkedScriptView(id, name);
        }
        var meta = req.PageSize == 0 ? new PageMeta(total, req.Page, 0, false, req.Page > 1) : PageMeta.For(req, total);
        await Send.OkAsync(new ListResponse<JobView>(items, meta), ct);
    }
}
