namespace WorkspaceOrganizer.Api.Features.Rbac.UpdateRole;

internal sealed record Response(RoleView Role);
