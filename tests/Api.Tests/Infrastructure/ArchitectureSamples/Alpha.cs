using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Audit;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Beta;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Alpha;

/// <summary>A slice that breaks the rule on purpose, so that the architecture tests prove they can see it.</summary>
internal static class UsesBeta
{
    public static string Name() => BetaThing.Name();
}

/// <summary>A slice that writes an audit entry, as every feature may.</summary>
internal static class WritesAudit
{
    public static string Save() => AuditLog.Append();
}
