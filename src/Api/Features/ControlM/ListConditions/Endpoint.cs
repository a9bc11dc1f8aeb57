using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListConditions;

/// <summary>
/// <c>GET /api/v1/controlm-jobs/conditions?kind=all|external|unconsumed&amp;datacenter=&amp;search=</c>: the catalog's
/// conditions, a page at a time, each with the jobs that post it and the jobs that wait for it — one statement.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ListResponse<InventoryCondition>>
{
    public override void Configure()
    {
        Get("/conditions");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var (total, items) = await Data.ListAsync(connection, req, ct);
        var meta = req.PageSize == 0 ? new PageMeta(total, req.Page, 0, false, req.Page > 1) : PageMeta.For(req, total);
        await Send.OkAsync(new ListResponse<InventoryCondition>(items, meta), ct);
    }
}
