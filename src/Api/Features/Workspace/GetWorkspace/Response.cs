namespace WorkspaceOrganizer.Api.Features.Workspace.GetWorkspace;

internal sealed record Response(WorkspaceView Workspace);
