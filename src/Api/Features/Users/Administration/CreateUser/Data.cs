using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.CreateUser;

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

    /// <summary>The roles among <paramref name="names"/> (compared in lower case), locked against deletion until the transaction ends.</summary>
    public static async Task<IReadOnlyList<RoleRow>> FindRolesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<string> names, CancellationToken ct) =>
        (await connection.QueryAsync<RoleRow>(new CommandDefinition(RolesSql, new { Names = names.ToArray() }, tx, cancellationToken: ct))).AsList();
}
