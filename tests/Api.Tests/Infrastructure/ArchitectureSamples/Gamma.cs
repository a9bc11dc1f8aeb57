using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Audit;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Gamma;

/// <summary>A slice that reaches past the Audit feature's writing API on purpose: the allow-list must not let it.</summary>
internal static class ReadsAuditChain
{
    public static bool Check() => AuditChain.Verify();
}
