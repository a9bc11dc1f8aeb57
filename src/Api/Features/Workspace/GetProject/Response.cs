namespace WorkspaceOrganizer.Api.Features.Workspace.GetProject;

internal sealed record Response(ProjectView Project);
