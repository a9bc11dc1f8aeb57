using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>Team user management (contract §6): <c>/api/v1/users</c>, team endpoints gated on the shared database.</summary>
internal sealed class UsersGroup : Group
{
    public UsersGroup() => Configure("users", ep => ep.Description(b => b.WithTags("Users")));
}
