namespace WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Beta;

/// <summary>A slice that keeps to itself; see <c>UsesBeta</c>.</summary>
internal static class BetaThing
{
    public static string Name() => "beta";
}
