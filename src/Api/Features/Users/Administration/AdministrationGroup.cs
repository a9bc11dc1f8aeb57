using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users.Administration;

/// <summary>Team user administration (contract §6): <c>/api/v1/users</c>, team endpoints gated on the shared database.</summary>
internal sealed class AdministrationGroup : Group
{
    public AdministrationGroup() => Configure("users", ep => ep.Description(b => b.WithTags("Users")));
}
