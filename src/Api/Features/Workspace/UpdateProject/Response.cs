namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateProject;

internal sealed record Response(ProjectView Project);
