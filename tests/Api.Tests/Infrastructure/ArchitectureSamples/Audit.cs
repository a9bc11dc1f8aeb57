namespace WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Audit;

/// <summary>Stands for the Audit feature's writing API, which every feature may use; see <c>WritesAudit</c>.</summary>
internal static class AuditLog
{
    public static string Append() => "appended";
}

/// <summary>Stands for the rest of the Audit feature, which stays its own; see <c>ReadsAuditChain</c>.</summary>
internal static class AuditChain
{
    public static bool Verify() => true;
}
