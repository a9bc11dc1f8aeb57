namespace WorkspaceOrganizer.Api.Features.Workspace.GetWorkspace;

/// <summary>Nothing to validate: a malformed id is a 404 (see <see cref="RouteIds"/>).</summary>
internal sealed class Request
{
    public string Id { get; init; } = "";
}
