namespace WorkspaceOrganizer.Api.Features.Users.CreateUser;

public sealed record Response(UserView User);
