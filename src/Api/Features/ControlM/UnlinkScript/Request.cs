namespace WorkspaceOrganizer.Api.Features.ControlM.UnlinkScript;

internal sealed class Request
{
    public string Id { get; init; } = "";
}
