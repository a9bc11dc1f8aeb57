using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobDependencies;

/// <summary>
/// <c>GET /api/v1/controlm-jobs/{id}/dependencies?depth=&amp;direction=</c>: what the job waits for, transitively, and what
/// waits for it — one recursive query each way, bounded by the depth, so a cycle cannot loop it.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/{id}/dependencies");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        await using var connection = await sharedDb.OpenAsync(ct);
        if (!await Data.ExistsAsync(connection, id, ct))
            throw ApiException.NotFound("job");
        var direction = req.Direction ?? "both";
        var predecessors = direction is "both" or "predecessors" ? await Data.WalkAsync(connection, id, req.Depth, downstream: false, ct) : null;
        var successors = direction is "both" or "successors" ? await Data.WalkAsync(connection, id, req.Depth, downstream: true, ct) : null;
        await Send.OkAsync(new Response(predecessors, successors), ct);
    }
}
