namespace WorkspaceOrganizer.Api.Features.ControlM.GetJob;

internal sealed class Request
{
    public string Id { get; init; } = "";
}

internal sealed record Response(JobView Job);
