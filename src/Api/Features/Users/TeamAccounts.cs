using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>A new team account; the id is chosen by the caller so it can be audited and located before it is read back.</summary>
public sealed record NewTeamAccount(Guid Id, string Username, string Email, string? DisplayName, string PasswordHash, DateTimeOffset Now);

/// <summary>
/// Team accounts (shared PostgreSQL <c>team_users</c> with their roles and permissions). The one owner of that table's
/// reads and inserts: the Users slices use all of it; other features use what it lends (see docs/architecture.md):
/// <see cref="InsertAsync"/> (Installation creates the first admin) and <see cref="ReadUserAsync"/> (Rbac answers a role
/// assignment with the <c>user</c> object).
/// </summary>
public static class TeamAccounts
{
    /// <summary>
    /// The columns of <see cref="Account"/> from a row aliased <c>u</c> with the columns of <c>team_users</c> (the password
    /// hash is not among them). Roles and permissions come from subqueries, so a list reads a page in one statement.
    /// </summary>
    internal const string ViewColumns = $"""
        u.id::text AS {nameof(Account.Id)}, '{Realms.Team}' AS {nameof(Account.Realm)}, u.username AS {nameof(Account.Username)},
        u.email AS {nameof(Account.Email)}, u.display_name AS {nameof(Account.DisplayName)}, u.is_active AS {nameof(Account.IsActive)},
        ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name) AS {nameof(Account.Roles)},
        ARRAY(SELECT DISTINCT rp.permission FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
              WHERE ur.user_id = u.id ORDER BY rp.permission) AS {nameof(Account.Permissions)},
        u.version AS {nameof(Account.Version)}, u.created_at AS {nameof(Account.CreatedAt)}, u.updated_at AS {nameof(Account.UpdatedAt)}
        """;

    const string Select = $"SELECT {ViewColumns}, u.password_hash AS {nameof(Account.PasswordHash)} FROM team_users u";

    const string ByIdSql = $"{Select} WHERE u.id = @Id::uuid";
    // NO KEY UPDATE: edits of the account queue behind each other, but a sign-in inserting a session (a foreign-key
    // check, KEY SHARE) is not blocked, so it cannot deadlock with a deactivation revoking that account's sessions.
    const string ByIdForUpdateSql = $"{Select} WHERE u.id = @Id::uuid FOR NO KEY UPDATE OF u";
    const string ByNameSql = $"{Select} WHERE lower(u.username) = lower(@Name) OR lower(u.email) = lower(@Name)";

    const string InsertSql = """
        INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
        VALUES (@Id, @Username, @Email, @DisplayName, @PasswordHash, @Now, @Now);
        INSERT INTO user_roles (user_id, role_id) SELECT @Id, unnest(@RoleIds);
        """;

    internal static Task<Account?> FindByIdAsync(NpgsqlConnection connection, string id, CancellationToken ct, NpgsqlTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>
    /// Reads the account and locks its row until <paramref name="tx"/> ends, so that the version the caller checks is the
    /// one its change replaces (two concurrent edits queue here instead of losing one).
    /// </summary>
    internal static Task<Account?> LockByIdAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(ByIdForUpdateSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>By username or e-mail, case-insensitively (the unique indexes are on <c>lower(...)</c>).</summary>
    internal static Task<Account?> FindByNameAsync(NpgsqlConnection connection, string usernameOrEmail, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(ByNameSql, new { Name = usernameOrEmail.Trim() }, cancellationToken: ct));

    /// <summary>The <c>user</c> object of an account that exists (read inside <paramref name="tx"/>, so it shows the transaction's own changes).</summary>
    public static async Task<UserView> ReadUserAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        (await FindByIdAsync(connection, id.ToString(), ct, tx) ?? throw new InvalidOperationException("The account is gone.")).ToView();

    /// <summary>
    /// Inserts the account with the given roles, names and e-mail trimmed, the display name defaulting to the username.
    /// A taken username or e-mail (compared case-insensitively) throws the unique violation of
    /// <c>ux_team_users_username</c> or <c>ux_team_users_email</c>.
    /// </summary>
    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, NewTeamAccount account, IReadOnlyCollection<Guid> roleIds, CancellationToken ct)
    {
        var username = account.Username.Trim();
        return connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            account.Id,
            Username = username,
            Email = account.Email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? username : account.DisplayName.Trim(),
            account.PasswordHash,
            account.Now,
            RoleIds = roleIds.ToArray(),
        }, tx, cancellationToken: ct));
    }
}
