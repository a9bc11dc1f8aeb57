using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.LinkScript;

internal static class Data
{
    const string LockSql = "SELECT script_id AS ScriptId, version AS Version FROM controlm_jobs WHERE id = @Id FOR UPDATE";

    const string LinkSql = """
        UPDATE controlm_jobs SET script_id = @ScriptId, version = version + 1, updated_by = @Username, updated_at = @Now
        WHERE id = @Id RETURNING version
        """;

    public sealed record Current(Guid? ScriptId, int Version);

    public static Task<Current?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Current>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>Sets (or, with a null script, clears) the job's script; returns the new version.</summary>
    public static Task<int> SetAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, Guid? scriptId, string username, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(LinkSql, new { Id = id, ScriptId = scriptId, Username = username, Now = now }, tx, cancellationToken: ct));
}
