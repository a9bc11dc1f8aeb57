using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Rbac.UpdateRole;

internal static class Data
{
    // The row lock serialises concurrent updates of one role: the second then reads the first's version and gets its
    // 412. The role is read by a later statement, so that its permissions come from a snapshot taken after the lock.
    const string LockSql = "SELECT id FROM roles WHERE id = @Id FOR NO KEY UPDATE";

    const string ByIdSql = $"{RoleView.Select} WHERE r.id = @Id";

    const string UpdateRoleSql = """
        UPDATE roles SET name = @Name, description = @Description, version = version + 1, updated_at = @Now
        WHERE id = @Id
        """;

    const string ReplacePermissionsSql = """
        DELETE FROM role_permissions WHERE role_id = @Id AND NOT (permission = ANY(@Permissions));
        INSERT INTO role_permissions (role_id, permission)
        SELECT @Id, p FROM unnest(@Permissions) AS p
        ON CONFLICT (role_id, permission) DO NOTHING;
        """;

    /// <summary>Locks the role until the transaction ends and reads it; null when there is no such role.</summary>
    public static async Task<RoleView?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        var found = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct));
        return found is null ? null : await ReadAsync(connection, tx, id, ct);
    }

    public static Task<RoleView> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        connection.QuerySingleAsync<RoleView>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>
    /// Throws a unique violation when another role has the new name. A permission taken away can leave the team without
    /// an rbac:manage holder: the deferred trigger of db/shared/V2 then refuses the commit (WO001).
    /// </summary>
    public static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, string name, string description,
        string[]? permissions, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(UpdateRoleSql, new { Id = id, Name = name, Description = description, Now = now }, tx, cancellationToken: ct));
        if (permissions is not null)
            await connection.ExecuteAsync(new CommandDefinition(ReplacePermissionsSql, new { Id = id, Permissions = permissions }, tx, cancellationToken: ct));
    }
}
