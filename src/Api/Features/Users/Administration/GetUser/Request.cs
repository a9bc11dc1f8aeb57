namespace WorkspaceOrganizer.Api.Features.Users.Administration.GetUser;

public sealed class Request
{
    public string Id { get; init; } = "";
}
