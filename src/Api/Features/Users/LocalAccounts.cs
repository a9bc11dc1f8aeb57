using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>The local owner's row (SQLite <c>local_users</c>), read the way setup and sign-in need it.</summary>
internal static class LocalAccounts
{
    const string Columns = $"""
        id AS {nameof(Account.Id)}, '{Realms.Local}' AS {nameof(Account.Realm)}, username AS {nameof(Account.Username)},
        email AS {nameof(Account.Email)}, display_name AS {nameof(Account.DisplayName)}, password_hash AS {nameof(Account.PasswordHash)},
        recovery_key_hash AS {nameof(Account.RecoveryKeyHash)}, is_active AS {nameof(Account.IsActive)},
        created_at AS {nameof(Account.CreatedAt)}, updated_at AS {nameof(Account.UpdatedAt)}
        """;

    const string ByIdSql = $"SELECT {Columns} FROM local_users WHERE id = @Id";
    const string ByNameSql = $"SELECT {Columns} FROM local_users WHERE username = @Name OR email = @Name";

    public static Task<Account?> FindByIdAsync(DbConnection connection, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct));

    /// <summary>By username or e-mail, case-insensitively (the columns are <c>COLLATE NOCASE</c>).</summary>
    public static Task<Account?> FindByNameAsync(DbConnection connection, string usernameOrEmail, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(ByNameSql, new { Name = usernameOrEmail.Trim() }, cancellationToken: ct));
}
