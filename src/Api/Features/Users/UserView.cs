namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>The <c>user</c> object of contract §6, the same for both realms.</summary>
public sealed record UserView(
    string Id,
    string Username,
    string Email,
    string DisplayName,
    string Realm,
    bool IsActive,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Permissions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What sign-in, refresh and setup hand back.</summary>
public sealed record SessionResponse(string AccessToken, string RefreshToken, int ExpiresIn, string Mode, UserView User);
