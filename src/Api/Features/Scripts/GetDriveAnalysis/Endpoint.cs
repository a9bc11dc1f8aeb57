using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetDriveAnalysis;

/// <summary>
/// The drive analysis as the original web client reads it (contract §14): letters without their colon (<c>G</c>, the
/// client writes <c>Drive G:</c> and keys its drive map by the bare letter) and <c>driveUsage</c> as a list of
/// <c>{driveLetter, scripts}</c> — the client iterates it; the contract's <c>/drives</c> keeps the map by letter.
/// </summary>
internal sealed record ClientDriveAnalysis(int TotalScripts, int TotalMappings, string[] UsedDrives, string[] AvailableDrives,
    List<ClientDriveUse> Conflicts, List<ClientDriveUse> DriveUsage);

internal sealed record ClientDriveUse(string DriveLetter, List<DriveUser> Scripts);

internal sealed record Response(ClientDriveAnalysis Analysis);

/// <summary><c>GET /api/v1/scripts/drives/analysis</c>: what <c>/drives</c> says, inside <c>{analysis}</c> and in the original web client's shape.</summary>
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
        var analysis = await DriveAnalyser.AnalyseAsync(connection, ct);
        static string Bare(string letter) => letter.TrimEnd(':');
        await Send.OkAsync(new Response(new ClientDriveAnalysis(
            analysis.TotalScripts,
            analysis.TotalMappings,
            [.. analysis.UsedDrives.Select(Bare)],
            [.. analysis.AvailableDrives.Select(Bare)],
            [.. analysis.Conflicts.Select(c => new ClientDriveUse(Bare(c.DriveLetter), c.Scripts))],
            [.. analysis.DriveUsage.Select(u => new ClientDriveUse(Bare(u.Key), u.Value))])), ct);
    }
}
