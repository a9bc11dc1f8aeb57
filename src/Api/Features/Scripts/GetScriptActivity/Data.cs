using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptActivity;

internal static class Data
{
    const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM scripts WHERE id = @Id)";

    public static Task<bool> ExistsAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { Id = id }, cancellationToken: ct));
}
