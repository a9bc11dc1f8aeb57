namespace WorkspaceOrganizer.Api.Features.Users.Administration.CreateUser;

public sealed record Response(UserView User);
