namespace WorkspaceOrganizer.Api.Features.Users.UpdateUser;

public sealed record Response(UserView User);
