using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Installation;

internal sealed class InstallationGroup : Group
{
    public InstallationGroup() => Configure("installation", ep => ep.Description(b => b.WithTags("Installation")));
}
