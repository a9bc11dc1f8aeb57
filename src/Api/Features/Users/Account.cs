using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>
/// An account as stored, of either realm: the local owner (SQLite, <see cref="LocalAccounts"/>) or a team account
/// (shared PostgreSQL, <see cref="TeamAccounts"/>). What the API shows of it is <see cref="UserView"/>.
/// </summary>
internal sealed class Account
{
    public string Id { get; set; } = "";
    public string Realm { get; set; } = "";
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; }

    /// <summary>The team account's roles; the local owner has none.</summary>
    public string[] Roles { get; set; } = [];

    /// <summary>What the team account's roles grant; the local owner's are <see cref="Permission.LocalOwner"/>.</summary>
    public string[] Permissions { get; set; } = [];

    /// <summary>A team account is an editable shared resource with a version; the local owner has none (0 here, absent in its view).</summary>
    public int Version { get; set; }

    /// <summary>The local owner's recovery key (its hash); team accounts have none.</summary>
    public string? RecoveryKeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public UserView ToView() => Realm == Realms.Local
        ? new(Id, Username, Email, DisplayName, Realm, IsActive, [], [.. Permission.LocalOwner.Order()], CreatedAt, UpdatedAt)
        : new(Id, Username, Email, DisplayName, Realm, IsActive, Roles, Permissions, CreatedAt, UpdatedAt, Version);
}
