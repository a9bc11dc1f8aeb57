namespace WorkspaceOrganizer.Api.Features.Users.GetUser;

public sealed record Response(UserView User);
