namespace WorkspaceOrganizer.Api.Features.Users.Administration.UpdateUser;

public sealed record Response(UserView User);
