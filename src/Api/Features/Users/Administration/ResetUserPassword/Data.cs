using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ResetUserPassword;

internal static class Data
{
    const string UpdateSql = "UPDATE team_users SET password_hash = @Hash, version = version + 1, updated_at = @Now WHERE id = @Id::uuid";

    public static Task SetPasswordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, string hash, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(UpdateSql, new { Id = id, Hash = hash, Now = now }, tx, cancellationToken: ct));
}
