namespace WorkspaceOrganizer.Api.Features.Rbac.CreateRole;

internal sealed record Response(RoleView Role);
