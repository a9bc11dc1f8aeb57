namespace WorkspaceOrganizer.Api.Features.Users.GetUser;

public sealed class Request
{
    public string Id { get; init; } = "";
}
