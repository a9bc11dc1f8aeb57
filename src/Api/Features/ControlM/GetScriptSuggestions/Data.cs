using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetScriptSuggestions;

internal static class Data
{
    public const int Limit = 10;

    /// <summary>
    /// Scripts a job may run, each once at its best match: <c>memName</c> — the script's name key equals the memName's
    /// (1.0, 0.9 when several scripts share it); <c>cmdLine</c> — a script file named in cmdLine (0.8); <c>similar</c> — a
    /// name key at least 0.4 alike to the memName's or the job name's by pg_trgm (that similarity × 0.7).
    /// </summary>
    const string Sql = """
        WITH job AS (SELECT id, mem_name_key, command_script_keys, lower(job_name) AS name FROM controlm_jobs WHERE id = @Id),
        exact AS (
            SELECT k.script_id, 'memName' AS match_type,
                   CASE WHEN count(*) OVER () = 1 THEN 1.0 ELSE 0.9 END AS confidence
            FROM job j JOIN script_name_keys k ON k.name_key = j.mem_name_key),
        command AS (
            SELECT k.script_id, 'cmdLine', 0.8 FROM job j JOIN script_name_keys k ON k.name_key = ANY(j.command_script_keys)),
        alike AS (
            SELECT k.script_id, 'similar',
                   round((greatest(similarity(k.name_key, coalesce(j.mem_name_key, '')), similarity(k.name_key, j.name)) * 0.7)::numeric, 2)
            FROM job j CROSS JOIN script_name_keys k
            WHERE similarity(k.name_key, coalesce(j.mem_name_key, '')) >= 0.4 OR similarity(k.name_key, j.name) >= 0.4),
        scored AS (SELECT * FROM exact UNION ALL SELECT * FROM command UNION ALL SELECT * FROM alike)
        SELECT DISTINCT ON (s.script_id) s.script_id::text AS ScriptId, s.match_type AS MatchType, s.confidence::float8 AS Confidence
        FROM scored s
        ORDER BY s.script_id, s.confidence DESC
        """;

    const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM controlm_jobs WHERE id = @Id)";

    public sealed record Match(string ScriptId, string MatchType, double Confidence);

    public static async Task<List<Match>?> ReadAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { Id = id }, cancellationToken: ct)))
            return null;
        var matches = await connection.QueryAsync<Match>(new CommandDefinition(Sql, new { Id = id }, cancellationToken: ct));
        return [.. matches.OrderByDescending(m => m.Confidence).ThenBy(m => m.ScriptId, StringComparer.Ordinal).Take(Limit)];
    }
}
