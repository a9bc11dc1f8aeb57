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
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    const string Select = """
        SELECT u.id::text AS Id, u.username AS Username, u.email AS Email, u.display_name AS DisplayName,
               u.password_hash AS PasswordHash, u.is_active AS IsActive,
               ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name) AS Roles,
               ARRAY(SELECT DISTINCT rp.permission FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                     WHERE ur.user_id = u.id ORDER BY rp.permission) AS Permissions,
               u.created_at AS CreatedAt, u.updated_at AS UpdatedAt
        FROM team_users u
        """;

    const string ByIdSql = $"{Select} WHERE u.id = @Id::uuid";
    const string ByNameSql = $"{Select} WHERE lower(u.username) = lower(@Name) OR lower(u.email) = lower(@Name)";

    public static Task<TeamAccount?> FindByIdAsync(NpgsqlConnection connection, string id, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<TeamAccount>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>By username or e-mail, case-insensitively (the unique indexes are on <c>lower(...)</c>).</summary>
    public static Task<TeamAccount?> FindByNameAsync(NpgsqlConnection connection, string usernameOrEmail, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<TeamAccount>(new CommandDefinition(ByNameSql, new { Name = usernameOrEmail.Trim() }, cancellationToken: ct));

    public UserView ToView() => new(Id, Username, Email, DisplayName, Realms.Team, IsActive, Roles, Permissions, CreatedAt, UpdatedAt);
}
