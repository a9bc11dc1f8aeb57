using WorkspaceOrganizer.Api.Features.Users;

namespace WorkspaceOrganizer.Api.Features.Rbac.SetUserRoles;

/// <summary>The <c>user</c> object of contract §6 (a team account), as it is after the change.</summary>
internal sealed record Response(UserView User);
