using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>The local owner's row; the Users slices that sign in, refresh or describe the owner read it through here.</summary>
internal sealed class LocalOwner
{
    public string Id { get; set; } = "";
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string RecoveryKeyHash { get; set; } = "";
    public bool IsActive { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    const string Columns = """
        id AS Id, username AS Username, email AS Email, display_name AS DisplayName, password_hash AS PasswordHash,
        recovery_key_hash AS RecoveryKeyHash, is_active AS IsActive, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    const string ByIdSql = $"SELECT {Columns} FROM local_users WHERE id = @Id";
    const string ByNameSql = $"SELECT {Columns} FROM local_users WHERE username = @Name OR email = @Name";

    public static Task<LocalOwner?> FindByIdAsync(DbConnection connection, string id, CancellationToken ct, DbTransaction? tx = null) =>
        connection.QuerySingleOrDefaultAsync<LocalOwner>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>By username or e-mail, case-insensitively (the columns are <c>COLLATE NOCASE</c>).</summary>
    public static Task<LocalOwner?> FindByNameAsync(DbConnection connection, string usernameOrEmail, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<LocalOwner>(new CommandDefinition(ByNameSql, new { Name = usernameOrEmail.Trim() }, cancellationToken: ct));

    public UserView ToView() =>
        new(Id, Username, Email, DisplayName, Realms.Local, IsActive, [], [.. Permission.LocalOwner.Order()], CreatedAt, UpdatedAt);
}
