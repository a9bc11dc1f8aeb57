using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJob;

/// <summary><c>GET /api/v1/controlm-jobs/{id}</c>: the whole job with its conditions, variables, attributes and neighbours.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/{id}");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        await using var connection = await sharedDb.OpenAsync(ct);
        var job = await JobReader.ReadAsync(connection, null, id, ct) ?? throw ApiException.NotFound("job");
        HttpContext.Response.SetETag(job.Version);
        await Send.OkAsync(new Response(job), ct);
    }
}
