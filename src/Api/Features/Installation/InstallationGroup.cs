using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Installation;

internal sealed class InstallationGroup : Group
{
    /// <summary>Also given by the endpoints that answer the original web client's <c>/team-config/…</c> routes, which cannot take the group's prefix.</summary>
    public const string Tag = "Installation";

    public InstallationGroup() => Configure("installation", ep => ep.Description(b => b.WithTags(Tag)));
}
