namespace WorkspaceOrganizer.Api.Features.Workspace.CreateWorkspace;

internal sealed record Response(WorkspaceView Workspace);
