using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobDependencies;

internal static class Data
{
    // One step downstream of job x: the jobs waiting for a condition x posts (same datacenter: one server's pool), and x's
    // flow successors. The walk starts at the job itself (depth 0) and keeps (job, depth, condition) rows once each
    // (UNION), so a cycle ends at the depth bound.
    const string SuccessorsSql = $"""
        WITH RECURSIVE walk (id, depth, via) AS (
            SELECT @Id::uuid, 0, ''
            UNION
            SELECT n.id, w.depth + 1, n.via FROM walk w
            CROSS JOIN LATERAL (
                SELECT s.id, p.name AS via FROM controlm_conditions p
                JOIN controlm_jobs a ON a.id = p.job_id
                JOIN controlm_conditions c ON c.name = p.name AND c.direction = 'in'
                JOIN controlm_jobs s ON s.id = c.job_id AND s.datacenter = a.datacenter
                WHERE p.job_id = w.id AND p.direction = 'out' AND p.sign = '+'
                UNION
                SELECT s.id, 'flow' FROM controlm_jobs a
                JOIN controlm_flow_edges e ON e.datacenter = a.datacenter AND e.folder = a.folder AND e.from_name = a.job_name
                JOIN controlm_jobs s ON s.datacenter = e.datacenter AND s.folder = e.folder AND s.job_name = e.to_name
                WHERE a.id = w.id) n
            WHERE w.depth < @Depth)
        SELECT DISTINCT ON (j.id) j.id::text AS {nameof(DependencyView.Id)}, j.job_name AS {nameof(DependencyView.JobName)},
               j.folder AS {nameof(DependencyView.Folder)}, w.depth AS {nameof(DependencyView.Depth)}, w.via AS {nameof(DependencyView.Condition)}
        FROM walk w JOIN controlm_jobs j ON j.id = w.id WHERE w.depth > 0 AND w.id <> @Id
        ORDER BY j.id, w.depth, w.via
        """;

    // One step upstream of job x: the jobs posting a condition x waits for, and x's flow predecessors.
    const string PredecessorsSql = $"""
        WITH RECURSIVE walk (id, depth, via) AS (
            SELECT @Id::uuid, 0, ''
            UNION
            SELECT n.id, w.depth + 1, n.via FROM walk w
            CROSS JOIN LATERAL (
                SELECT a.id, c.name AS via FROM controlm_conditions c
                JOIN controlm_jobs s ON s.id = c.job_id
                JOIN controlm_conditions p ON p.name = c.name AND p.direction = 'out' AND p.sign = '+'
                JOIN controlm_jobs a ON a.id = p.job_id AND a.datacenter = s.datacenter
                WHERE c.job_id = w.id AND c.direction = 'in'
                UNION
                SELECT a.id, 'flow' FROM controlm_jobs s
                JOIN controlm_flow_edges e ON e.datacenter = s.datacenter AND e.folder = s.folder AND e.to_name = s.job_name
                JOIN controlm_jobs a ON a.datacenter = e.datacenter AND a.folder = e.folder AND a.job_name = e.from_name
                WHERE s.id = w.id) n
            WHERE w.depth < @Depth)
        SELECT DISTINCT ON (j.id) j.id::text AS {nameof(DependencyView.Id)}, j.job_name AS {nameof(DependencyView.JobName)},
               j.folder AS {nameof(DependencyView.Folder)}, w.depth AS {nameof(DependencyView.Depth)}, w.via AS {nameof(DependencyView.Condition)}
        FROM walk w JOIN controlm_jobs j ON j.id = w.id WHERE w.depth > 0 AND w.id <> @Id
        ORDER BY j.id, w.depth, w.via
        """;

    const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM controlm_jobs WHERE id = @Id)";

    public static Task<bool> ExistsAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { Id = id }, cancellationToken: ct));

    /// <summary>The walk one way, each job once at its shortest depth, ordered by depth, folder and name.</summary>
    public static async Task<List<DependencyView>> WalkAsync(NpgsqlConnection connection, Guid id, int depth, bool downstream, CancellationToken ct) =>
        [.. (await connection.QueryAsync<DependencyView>(new CommandDefinition(downstream ? SuccessorsSql : PredecessorsSql, new { Id = id, Depth = depth }, cancellationToken: ct)))
            .OrderBy(d => d.Depth).ThenBy(d => d.Folder, StringComparer.Ordinal).ThenBy(d => d.JobName, StringComparer.Ordinal)];
}
