namespace WorkspaceOrganizer.Api.Features.ControlM.DeleteJob;

internal sealed class Request
{
    public string Id { get; init; } = "";
}
