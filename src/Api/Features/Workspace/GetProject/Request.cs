namespace WorkspaceOrganizer.Api.Features.Workspace.GetProject;

/// <summary>Nothing to validate: a malformed id is a 404 (see <see cref="Infrastructure.Http.RouteId"/>).</summary>
internal sealed class Request
{
    public string Id { get; init; } = "";
    public string ProjectId { get; init; } = "";
}
