using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.ConfigureSharedDb;

internal static class Data
{
    /// <summary>Two instances configuring one empty database at once: only the first creates the admin.</summary>
    const string LockSql = AdvisoryLocks.Installation;
    const string HasUsersSql = "SELECT EXISTS (SELECT 1 FROM team_users)";

    const string AdminRoleSql = "SELECT id FROM roles WHERE name = 'admin'";

    public static async Task<bool> LockAndCheckUsersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HasUsersSql, transaction: tx, cancellationToken: ct));
    }

    /// <summary>The built-in admin role (seeded by db/shared/V1), which the first team account gets.</summary>
    public static Task<Guid> AdminRoleIdAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        connection.ExecuteScalarAsync<Guid>(new CommandDefinition(AdminRoleSql, transaction: tx, cancellationToken: ct));
}
