using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetDriveConflicts;

internal sealed record Response(List<DriveConflict> Conflicts);

/// <summary><c>GET /api/v1/scripts/drives/conflicts</c>: only the letters mapped to more than one network path.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/drives/conflicts");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await Send.OkAsync(new Response((await DriveAnalyser.AnalyseAsync(connection, ct)).Conflicts), ct);
    }
}
