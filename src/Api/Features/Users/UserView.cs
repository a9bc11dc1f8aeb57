using System.Text.Json.Serialization;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>
/// The <c>user</c> object of contract §6, the same for both realms. A team account is an editable shared resource, so
/// it also carries its <c>version</c> (also sent as the <c>ETag</c>); the local owner has none and the member is left out.
/// </summary>
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
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Version = null);

/// <summary>What sign-in, refresh and setup hand back.</summary>
public sealed record SessionResponse(string AccessToken, string RefreshToken, int ExpiresIn, string Mode, UserView User);
