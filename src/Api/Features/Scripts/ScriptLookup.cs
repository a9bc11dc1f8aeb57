using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>
/// Scripts as other features see them (lent to Control-M: a job's <c>linkedScript</c>, and the script half of impact);
/// Scripts owns the tables.
/// </summary>
public static class ScriptLookup
{
    const string NamesSql = "SELECT id::text AS Id, name AS Name FROM scripts WHERE id = ANY(@Ids)";

    /// <summary>The names of the scripts of <paramref name="ids"/> that exist, by id (canonical text).</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct) =>
        ids.Length == 0
            ? []
            : (await connection.QueryAsync<(string Id, string Name)>(new CommandDefinition(NamesSql, new { Ids = ids }, cancellationToken: ct)))
                .ToDictionary(s => s.Id, s => s.Name);

    const string MappingsSql = """
        SELECT m.script_id, s.name, m.network_path, m.drive_letter, m.line
        FROM script_drive_mappings m JOIN scripts s ON s.id = m.script_id
        WHERE lower(m.server_name) = lower(@Server) AND (@Share::text IS NULL OR lower(m.share_name) = lower(@Share))
        ORDER BY lower(s.name), m.ordinal
        """;

    // Every reference edge reachable backwards from the start scripts (who calls them, who calls those, …). UNION keeps each
    // row once, so a cycle of calls ends; the rows are the reachable edges, not paths, so their number is bounded by the
    // references table whatever the shape of the graph.
    const string DependentsSql = """
        WITH RECURSIVE reach (id, parent, line, kind) AS (
            SELECT s, NULL::uuid, NULL::integer, NULL::text FROM unnest(@Start::uuid[]) AS s
            UNION
            SELECT r.script_id, r.target_id, r.line, r.kind FROM reach JOIN script_references r ON r.target_id = reach.id)
        SELECT reach.id, s.name, reach.parent, reach.line, reach.kind FROM reach JOIN scripts s ON s.id = reach.id
        """;

    /// <summary>The scripts that map a share of <paramref name="server"/> (any share when <paramref name="share"/> is null), one row per mapping, case-insensitively.</summary>
    public static async Task<List<(Guid ScriptId, string Name, string NetworkPath, string? DriveLetter, int Line)>> MappingsAsync(
        NpgsqlConnection connection, string server, string? share, CancellationToken ct) =>
        (await connection.QueryAsync<(Guid, string, string, string?, int)>(new CommandDefinition(MappingsSql, new { Server = server, Share = share }, cancellationToken: ct))).AsList();

    /// <summary>
    /// The start scripts (with a null parent) and every script that depends on them transitively, as the reference edges
    /// that reach them: <c>ScriptId</c> references <c>Parent</c> at <c>Line</c> (<c>Kind</c>: call, start, dot-source …).
    /// </summary>
    public static async Task<List<(Guid ScriptId, string Name, Guid? Parent, int? Line, string? Kind)>> DependentsAsync(
        NpgsqlConnection connection, Guid[] start, CancellationToken ct) =>
        (await connection.QueryAsync<(Guid, string, Guid?, int?, string?)>(new CommandDefinition(DependentsSql, new { Start = start }, cancellationToken: ct))).AsList();
}
