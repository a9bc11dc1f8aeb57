using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetImpact;

/// <summary>The job half of the impact walk: the jobs that run the failing scripts, and everything downstream of them — two statements.</summary>
internal static class Data
{
    const string JobSql = "SELECT id AS Id, job_name AS JobName, folder AS Folder, datacenter AS Datacenter FROM controlm_jobs WHERE id = @Id";

    // A job runs a script when it is linked to it, or names it (its name key) in memName or in cmdLine — the rules of
    // auto-link and the suggestions. Three arms, each on its own index (script_id, mem_name_key, the command keys' GIN).
    const string RunnersSql = """
        SELECT j.id AS Id, j.job_name AS JobName, j.folder AS Folder, j.datacenter AS Datacenter, j.script_id AS Script, 'linked' AS Via
        FROM controlm_jobs j WHERE j.script_id = ANY(@Scripts)
        UNION ALL
        SELECT j.id, j.job_name, j.folder, j.datacenter, k.script_id, 'memName'
        FROM script_name_keys k JOIN controlm_jobs j ON j.mem_name_key = k.name_key
        WHERE k.script_id = ANY(@Scripts)
        UNION ALL
        SELECT j.id, j.job_name, j.folder, j.datacenter, k.script_id, 'cmdLine'
        FROM script_name_keys k JOIN controlm_jobs j ON j.command_script_keys @> ARRAY[k.name_key]
        WHERE k.script_id = ANY(@Scripts)
        """;

    // Every edge reachable downstream of the start jobs: a job waiting (same datacenter) for a condition a reached job posts,
    // and flow successors. UNION keeps each (job, parent, condition) once, so cycles end and the rows are bounded by the
    // graph's edges, not by its paths.
    const string DownstreamSql = """
        WITH RECURSIVE reach (id, parent, via) AS (
            SELECT s, NULL::uuid, NULL::text FROM unnest(@Start::uuid[]) AS s
            UNION
            SELECT n.id, r.id, n.via FROM reach r
            CROSS JOIN LATERAL (
                SELECT s.id, p.name AS via FROM controlm_conditions p
                JOIN controlm_jobs a ON a.id = p.job_id
                JOIN controlm_conditions c ON c.name = p.name AND c.direction = 'in'
                JOIN controlm_jobs s ON s.id = c.job_id AND s.datacenter = a.datacenter
                WHERE p.job_id = r.id AND p.direction = 'out' AND p.sign = '+' AND s.id <> a.id
                UNION
                SELECT s.id, 'flow' FROM controlm_jobs a
                JOIN controlm_flow_edges e ON e.datacenter = a.datacenter AND e.folder = a.folder AND e.from_name = a.job_name
                JOIN controlm_jobs s ON s.datacenter = e.datacenter AND s.folder = e.folder AND s.job_name = e.to_name
                WHERE a.id = r.id) n)
        SELECT r.id AS Id, j.job_name AS JobName, j.folder AS Folder, j.datacenter AS Datacenter, r.parent AS Parent, r.via AS Via
        FROM reach r JOIN controlm_jobs j ON j.id = r.id WHERE r.parent IS NOT NULL
        """;

    public sealed record JobRow(Guid Id, string JobName, string Folder, string Datacenter);

    public sealed record Runner(Guid Id, string JobName, string Folder, string Datacenter, Guid Script, string Via);

    public sealed record Edge(Guid Id, string JobName, string Folder, string Datacenter, Guid Parent, string Via);

    public static Task<JobRow?> JobAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(JobSql, new { Id = id }, cancellationToken: ct));

    public static async Task<List<Runner>> RunnersAsync(NpgsqlConnection connection, Guid[] scripts, CancellationToken ct) =>
        scripts.Length == 0 ? [] : (await connection.QueryAsync<Runner>(new CommandDefinition(RunnersSql, new { Scripts = scripts }, cancellationToken: ct))).AsList();

    public static async Task<List<Edge>> DownstreamAsync(NpgsqlConnection connection, Guid[] start, CancellationToken ct) =>
        start.Length == 0 ? [] : (await connection.QueryAsync<Edge>(new CommandDefinition(DownstreamSql, new { Start = start }, cancellationToken: ct))).AsList();
}
