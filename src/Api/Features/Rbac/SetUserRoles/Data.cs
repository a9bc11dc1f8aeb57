using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Rbac.SetUserRoles;

/// <summary>A role as the request names it.</summary>
internal sealed record NamedRole(Guid Id, string Name);

internal static class Data
{
    // Serialises concurrent role changes of one user, so each audit entry's "before" is what the change replaced.
    // NO KEY UPDATE leaves the account's key free: sign-ins (the team_sessions foreign key) are not held up.
    const string LockUserSql = "SELECT id FROM team_users WHERE id = @Id FOR NO KEY UPDATE";

    // KEY SHARE keeps the roles from being deleted (DeleteRole locks them FOR UPDATE) until this transaction ends.
    // Matched like the unique index ux_roles_name, on lower(name).
    const string RolesByNameSql = """
        SELECT id AS Id, name AS Name FROM roles
        WHERE lower(name) IN (SELECT lower(n) FROM unnest(@Names) AS n)
        FOR KEY SHARE
        """;

    const string RoleNamesSql = """
        SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
        WHERE ur.user_id = @Id
        ORDER BY r.name
        """;

    const string ReplaceSql = """
        DELETE FROM user_roles WHERE user_id = @Id AND NOT (role_id = ANY(@RoleIds));
        INSERT INTO user_roles (user_id, role_id)
        SELECT @Id, r FROM unnest(@RoleIds) AS r
        ON CONFLICT (user_id, role_id) DO NOTHING;
        """;

    /// <summary>False when there is no such account.</summary>
    public static async Task<bool> LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(LockUserSql, new { Id = id }, tx, cancellationToken: ct)) is not null;

    /// <summary>The roles that exist among <paramref name="names"/>, locked against deletion.</summary>
    public static async Task<List<NamedRole>> FindRolesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<string> names, CancellationToken ct) =>
        (await connection.QueryAsync<NamedRole>(new CommandDefinition(RolesByNameSql,
            new { Names = names.ToArray() }, tx, cancellationToken: ct))).AsList();

    public static async Task<string[]> RoleNamesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition(RoleNamesSql, new { Id = userId }, tx, cancellationToken: ct))];

    /// <summary>
    /// Gives the user exactly these roles. Taking the last rbac:manage away from the team is refused at commit by the
    /// deferred trigger of db/shared/V2 (WO001).
    /// </summary>
    public static Task ReplaceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, Guid[] roleIds, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(ReplaceSql, new { Id = userId, RoleIds = roleIds }, tx, cancellationToken: ct));
}
