using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Rbac.CreateRole;

internal static class Data
{
    const string InsertRoleSql = """
        INSERT INTO roles (id, name, description, is_built_in, version, created_at, updated_at)
        VALUES (@Id, @Name, @Description, false, 1, @Now, @Now)
        """;

    const string InsertPermissionsSql = """
        INSERT INTO role_permissions (role_id, permission)
        SELECT @Id, p FROM unnest(@Permissions) AS p
        """;

    const string ByIdSql = $"{RoleView.Select} WHERE r.id = @Id";

    /// <summary>Throws a unique violation when a role of that name (case-insensitively) exists.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, string name, string description,
        string[] permissions, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertRoleSql, new { Id = id, Name = name, Description = description, Now = now }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertPermissionsSql, new { Id = id, Permissions = permissions }, tx, cancellationToken: ct));
    }

    public static Task<RoleView> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        connection.QuerySingleAsync<RoleView>(new CommandDefinition(ByIdSql, new { Id = id }, tx, cancellationToken: ct));
}
