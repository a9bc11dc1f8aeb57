namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateWorkspace;

internal sealed record Response(WorkspaceView Workspace);
