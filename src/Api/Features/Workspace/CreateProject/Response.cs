namespace WorkspaceOrganizer.Api.Features.Workspace.CreateProject;

internal sealed record Response(ProjectView Project);
