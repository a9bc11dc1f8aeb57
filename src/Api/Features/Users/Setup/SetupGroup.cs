using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users.Setup;

/// <summary>Setting up the local owner (contract §6): <c>/api/v1/setup</c>, local, no session needed.</summary>
internal sealed class SetupGroup : Group
{
    public SetupGroup() => Configure("setup", ep => ep.Description(b => b.WithTags("Setup")));
}
