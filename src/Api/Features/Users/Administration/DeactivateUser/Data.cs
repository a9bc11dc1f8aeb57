using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.DeactivateUser;

internal static class Data
{
    const string DeactivateSql = "UPDATE team_users SET is_active = false, version = version + 1, updated_at = @Now WHERE id = @Id::uuid";

    public static Task DeactivateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(DeactivateSql, new { Id = id, Now = now }, tx, cancellationToken: ct));
}
