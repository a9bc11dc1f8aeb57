using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetDrives;

/// <summary><c>GET /api/v1/scripts/drives</c>: which scripts map which letters, the free letters and the conflicts.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<DriveAnalysis>
{
    public override void Configure()
    {
        Get("/drives");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await Send.OkAsync(await DriveAnalyser.AnalyseAsync(connection, ct), ct);
    }
}
