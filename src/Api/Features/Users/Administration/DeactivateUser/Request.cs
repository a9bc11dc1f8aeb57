namespace WorkspaceOrganizer.Api.Features.Users.Administration.DeactivateUser;

public sealed class Request
{
    public string Id { get; init; } = "";
}
