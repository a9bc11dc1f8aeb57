using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Rbac.DeleteRole;

internal static class Data
{
    // FOR UPDATE conflicts with the FOR KEY SHARE lock that assigning the role takes (the user_roles foreign key, and
    // SetUserRoles' own lock), so once it is held the user count below cannot grow before the role is gone.
    const string LockSql = "SELECT id FROM roles WHERE id = @Id FOR UPDATE";

    const string ByIdSql = $"{RoleView.Select} WHERE r.id = @Id";

    // Its permissions go with it through ON DELETE CASCADE.
    const string DeleteSql = "DELETE FROM roles WHERE id = @Id";

    /// <summary>Locks the role until the transaction ends and reads it; null when there is no such role.</summary>
    public static async Task<RoleView?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        var found = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct));
        return found is null ? null : await connection.QuerySingleAsync<RoleView>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));
    }

    public static Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id }, tx, cancellationToken: ct));
}
