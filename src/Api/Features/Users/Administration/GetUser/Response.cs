namespace WorkspaceOrganizer.Api.Features.Users.Administration.GetUser;

public sealed record Response(UserView User);
