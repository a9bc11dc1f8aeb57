namespace WorkspaceOrganizer.Api.Features.Users.DeactivateUser;

public sealed class Request
{
    public string Id { get; init; } = "";
}
