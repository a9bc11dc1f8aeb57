using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Users.CreateUser;

internal sealed class RoleRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string[] Permissions { get; set; } = [];
}

internal static class Data
{
    // FOR KEY SHARE: a role found here cannot be deleted before the account that names it commits.
    const string RolesSql = $"""
        SELECT r.id AS {nameof(RoleRow.Id)}, r.name AS {nameof(RoleRow.Name)},
               ARRAY(SELECT rp.permission FROM role_permissions rp WHERE rp.role_id = r.id ORDER BY rp.permission) AS {nameof(RoleRow.Permissions)}
        FROM roles r
        WHERE lower(r.name) = ANY(@Names)
        FOR KEY SHARE OF r
        """;

    const string InsertUserSql = """
        INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
        VALUES (@Id::uuid, @Username, @Email, @DisplayName, @PasswordHash, @Now, @Now)
        """;

    const string InsertRolesSql = "INSERT INTO user_roles (user_id, role_id) SELECT @UserId::uuid, unnest(@RoleIds)";

    /// <summary>The roles among <paramref name="names"/> (compared in lower case), locked against deletion until the transaction ends.</summary>
    public static async Task<IReadOnlyList<RoleRow>> FindRolesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<string> names, CancellationToken ct) =>
        (await connection.QueryAsync<RoleRow>(new CommandDefinition(RolesSql, new { Names = names.ToArray() }, tx, cancellationToken: ct))).AsList();

    /// <summary>Throws a unique violation when the username or the e-mail is taken (compared case-insensitively).</summary>
    public static Task InsertUserAsync(NpgsqlConnection connection, NpgsqlTransaction tx, NewUser user, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertUserSql, new
        {
            user.Id,
            user.Username,
            user.Email,
            user.DisplayName,
            user.PasswordHash,
            user.Now,
        }, tx, cancellationToken: ct));

    public static Task InsertRolesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string userId, IEnumerable<RoleRow> roles, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertRolesSql, new { UserId = userId, RoleIds = roles.Select(r => r.Id).ToArray() }, tx, cancellationToken: ct));
}

internal sealed record NewUser(string Id, string Username, string Email, string DisplayName, string PasswordHash, DateTimeOffset Now);
