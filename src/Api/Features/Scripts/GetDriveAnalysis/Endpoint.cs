using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetDriveAnalysis;

internal sealed record Response(DriveAnalysis Analysis);

/// <summary><c>GET /api/v1/scripts/drives/analysis</c>: the same as <c>/drives</c> inside <c>{analysis}</c>, as the original web client reads it.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/drives/analysis");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await Send.OkAsync(new Response(await DriveAnalyser.AnalyseAsync(connection, ct)), ct);
    }
}
