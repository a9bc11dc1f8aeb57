using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.AutoLinkJobs;

internal static class Data
{
    /// <summary>
    /// Every unlinked job whose memName — or, failing that, a script file in its cmdLine — names exactly one script (by
    /// Scripts' name key: case-insensitive, with or without the extension) is linked to it, in one statement. A name that
    /// two scripts share (<c>run.bat</c> and <c>run.ps1</c>) links nothing: a guess would be worse than no link.
    /// </summary>
    const string LinkSql = """
        WITH unlinked AS (
            SELECT j.id, j.mem_name_key, j.command_script_keys FROM controlm_jobs j
            WHERE j.script_id IS NULL AND (j.mem_name_key IS NOT NULL OR cardinality(j.command_script_keys) > 0)),
        by_mem AS (
            SELECT u.id, (array_agg(k.script_id))[1] AS script_id
            FROM unlinked u JOIN script_name_keys k ON k.name_key = u.mem_name_key
            GROUP BY u.id HAVING count(*) = 1),
        by_command AS (
            SELECT u.id, (array_agg(DISTINCT k.script_id))[1] AS script_id
            FROM unlinked u JOIN script_name_keys k ON k.name_key = ANY(u.command_script_keys)
            WHERE NOT EXISTS (SELECT 1 FROM by_mem m WHERE m.id = u.id)
            GROUP BY u.id HAVING count(DISTINCT k.script_id) = 1),
        matches AS (SELECT id, script_id FROM by_mem UNION ALL SELECT id, script_id FROM by_command)
        UPDATE controlm_jobs j SET script_id = m.script_id, version = j.version + 1, updated_by = @Username, updated_at = @Now
        FROM matches m WHERE j.id = m.id AND j.script_id IS NULL
        RETURNING j.id AS JobId, m.script_id AS ScriptId
        """;

    const string CountsSql = """
        SELECT count(*)::int AS Total, count(*) FILTER (WHERE script_id IS NOT NULL)::int AS Linked FROM controlm_jobs
        """;

    // Auto-links take the import's lock: a job imported while the links are made is either seen whole or not at all.
    const string LockSql = AdvisoryLocks.ControlMCatalog;

    public sealed record Link(Guid JobId, Guid ScriptId);

    public sealed record Counts(int Total, int Linked);

    public static async Task<(Counts Before, List<Link> Links)> LinkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string username, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        var before = await connection.QuerySingleAsync<Counts>(new CommandDefinition(CountsSql, transaction: tx, cancellationToken: ct));
        var links = (await connection.QueryAsync<Link>(new CommandDefinition(LinkSql, new { Username = username, Now = now }, tx, cancellationToken: ct))).AsList();
        return (before, links);
    }
}
