using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Installation.ConfigureSharedDb;

internal static class Data
{
    /// <summary>Two instances configuring one empty database at once: only the first creates the admin.</summary>
    const string LockSql = "SELECT pg_advisory_xact_lock(7310021, 2)";
    const string HasUsersSql = "SELECT EXISTS (SELECT 1 FROM team_users)";

    const string InsertAdminSql = """
        INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
        VALUES (@Id, @Username, @Email, @DisplayName, @PasswordHash, @Now, @Now);
        INSERT INTO user_roles (user_id, role_id) SELECT @Id, r.id FROM roles r WHERE r.name = 'admin';
        """;

    public static async Task<bool> LockAndCheckUsersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HasUsersSql, transaction: tx, cancellationToken: ct));
    }

    public static Task InsertAdminAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, AdminUser admin, string passwordHash, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertAdminSql, new
        {
            Id = id,
            Username = admin.Username.Trim(),
            Email = admin.Email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(admin.DisplayName) ? admin.Username.Trim() : admin.DisplayName.Trim(),
            PasswordHash = passwordHash,
            Now = now,
        }, tx, cancellationToken: ct));
}
