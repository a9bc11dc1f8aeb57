using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>A team account (shared PostgreSQL) with its roles and permissions, read the way the Users slices need it.</summary>
internal sealed class TeamAccount
{
    public string Id { get; set; } = "";
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; }
    public string[] Roles { get; set; } = [];
    public string[] Permissions { get; set; } = [];
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// What the <c>user</c> object shows, from a row aliased <c>u</c> with the columns of <c>team_users</c> (the password
    /// hash is not among them). Roles and permissions come from subqueries, so a list reads a page in one statement.
    /// </summary>
    public const string ViewColumns = $"""
        u.id::text AS {nameof(Id)}, u.username AS {nameof(Username)}, u.email AS {nameof(Email)},
        u.display_name AS {nameof(DisplayName)}, u.is_active AS {nameof(IsActive)},
        ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name) AS {nameof(Roles)},
        ARRAY(SELECT DISTINCT rp.permission FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
              WHERE ur.user_id = u.id ORDER BY rp.permission) AS {nameof(Permissions)},
        u.version AS {nameof(Version)}, u.created_at AS {nameof(CreatedAt)}, u.updated_at AS {nameof(UpdatedAt)}
        """;

    const string Select = $"SELECT {ViewColumns}, u.password_hash AS {nameof(PasswordHash)} FROM team_users u";

    const string ByIdSql = $"{Select} WHERE u.id = @Id::uuid";
    // NO KEY UPDATE: edits of the account queue behind each other, but a sign-in inserting a session (a foreign-key
    // check, KEY SHARE) is not blocked, so it cannot deadlock with a deactivation revoking that account's sessions.
    const string ByIdForUpdateSql = $"{Select} WHERE u.id = @Id::uuid FOR NO KEY UPDATE OF u";
    const string ByNameSql = $"{Select} WHERE lower(u.username) = lower(@Name) OR lower(u.email) = lower(@Name)";

    public static Task<TeamAccount?> FindByIdAsync(NpgsqlConnection connection, string id, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<TeamAccount>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>
    /// Reads the account and locks its row until <paramref name="tx"/> ends, so that the version the caller checks is the
    /// one its change replaces (two concurrent edits queue here instead of losing one).
    /// </summary>
    public static Task<TeamAccount?> LockByIdAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<TeamAccount>(new CommandDefinition(ByIdForUpdateSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>By username or e-mail, case-insensitively (the unique indexes are on <c>lower(...)</c>).</summary>
    public static Task<TeamAccount?> FindByNameAsync(NpgsqlConnection connection, string usernameOrEmail, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<TeamAccount>(new CommandDefinition(ByNameSql, new { Name = usernameOrEmail.Trim() }, cancellationToken: ct));

    public UserView ToView() => new(Id, Username, Email, DisplayName, Realms.Team, IsActive, Roles, Permissions, CreatedAt, UpdatedAt, Version);
}
