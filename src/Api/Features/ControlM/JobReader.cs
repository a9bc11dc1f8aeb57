using System.Text.Json;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Scripts;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>Reads one job whole, as <c>GET /{id}</c> answers it and as a create or an update answers it after writing.</summary>
internal static class JobReader
{
    /// <summary>
    /// The job, its conditions, and its neighbours: a predecessor posts (<c>+</c>) a condition this job waits for, a
    /// successor waits for one this job posts — same name, same datacenter (conditions live in one server's pool); deleting
    /// signs are no edges. Flow steps of its folder add <c>flow</c> edges. One round trip, each join on an index.
    /// </summary>
    const string Sql = $"""
        SELECT {JobView.Columns} FROM controlm_jobs j WHERE j.id = @Id;

        SELECT j.variables::text, j.attributes::text FROM controlm_jobs j WHERE j.id = @Id;

        SELECT c.direction AS Direction, c.name AS Name, c.odate AS Odate, c.sign AS Sign, c.and_or AS AndOr,
               c.bracket AS Bracket, c.conditional AS Conditional
        FROM controlm_conditions c WHERE c.job_id = @Id ORDER BY c.ordinal;

        SELECT DISTINCT a.id::text AS {nameof(JobEdgeView.Id)}, a.job_name AS {nameof(JobEdgeView.JobName)}, a.folder AS {nameof(JobEdgeView.Folder)},
               w.name AS {nameof(JobEdgeView.Condition)}, CASE WHEN p.conditional THEN 'conditional' ELSE 'condition' END AS {nameof(JobEdgeView.Kind)}
        FROM controlm_conditions w
        JOIN controlm_jobs b ON b.id = w.job_id
        JOIN controlm_conditions p ON p.name = w.name AND p.direction = 'out' AND p.sign = '+'
        JOIN controlm_jobs a ON a.id = p.job_id AND a.datacenter = b.datacenter
        WHERE w.job_id = @Id AND w.direction = 'in' AND a.id <> b.id
        UNION
        SELECT a.id::text, a.job_name, a.folder, 'flow', 'flow'
        FROM controlm_jobs b
        JOIN controlm_flow_edges e ON e.datacenter = b.datacenter AND e.folder = b.folder AND e.to_name = b.job_name
        JOIN controlm_jobs a ON a.datacenter = e.datacenter AND a.folder = e.folder AND a.job_name = e.from_name
        WHERE b.id = @Id
        ORDER BY 3, 2, 4;

        SELECT DISTINCT s.id::text AS {nameof(JobEdgeView.Id)}, s.job_name AS {nameof(JobEdgeView.JobName)}, s.folder AS {nameof(JobEdgeView.Folder)},
               p.name AS {nameof(JobEdgeView.Condition)}, CASE WHEN p.conditional THEN 'conditional' ELSE 'condition' END AS {nameof(JobEdgeView.Kind)}
        FROM controlm_conditions p
        JOIN controlm_jobs a ON a.id = p.job_id
        JOIN controlm_conditions w ON w.name = p.name AND w.direction = 'in'
        JOIN controlm_jobs s ON s.id = w.job_id AND s.datacenter = a.datacenter
        WHERE p.job_id = @Id AND p.direction = 'out' AND p.sign = '+' AND s.id <> a.id
        UNION
        SELECT s.id::text, s.job_name, s.folder, 'flow', 'flow'
        FROM controlm_jobs a
        JOIN controlm_flow_edges e ON e.datacenter = a.datacenter AND e.folder = a.folder AND e.from_name = a.job_name
        JOIN controlm_jobs s ON s.datacenter = e.datacenter AND s.folder = e.folder AND s.job_name = e.to_name
        WHERE a.id = @Id
        ORDER BY 3, 2, 4;
        """;

    /// <summary>A condition row as stored; also what <see cref="JobStore"/> reads a definition back from.</summary>
    internal sealed class ConditionRow
    {
        public string Direction { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Odate { get; set; }
        public string? Sign { get; set; }
        public string? AndOr { get; set; }
        public string? Bracket { get; set; }
        public bool Conditional { get; set; }
    }

    /// <summary>The job with its conditions, variables, attributes, neighbours and linked script; null when there is none.</summary>
    public static async Task<JobView?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id, CancellationToken ct)
    {
        JobView? job;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { Id = id }, tx, cancellationToken: ct)))
        {
            job = await results.ReadSingleOrDefaultAsync<JobView>();
            var documents = await results.ReadSingleOrDefaultAsync<(string Variables, string Attributes)>();
            var conditions = (await results.ReadAsync<ConditionRow>()).AsList();
            var predecessors = (await results.ReadAsync<JobEdgeView>()).AsList();
            var successors = (await results.ReadAsync<JobEdgeView>()).AsList();
            if (job is null)
                return null;
            job.InConditions = [.. conditions.Where(c => c.Direction == "in").Select(c => new InConditionView(c.Name, c.Odate, c.AndOr, c.Bracket))];
            job.OutConditions = [.. conditions.Where(c => c.Direction == "out").Select(c => new OutConditionView(c.Name, c.Odate, c.Sign, c.Conditional))];
            job.Conditions = [.. conditions.Select(c => new ConditionView(c.Direction, c.Name, c.Odate))];
            job.Variables = JsonSerializer.Deserialize<JsonElement>(documents.Variables);
            job.Attributes = JsonSerializer.Deserialize<JsonElement>(documents.Attributes);
            job.Predecessors = predecessors;
            job.Successors = successors;
        }
        if (job.LinkedScriptId is { } scriptId && (await ScriptLookup.NamesAsync(connection, [Guid.Parse(scriptId)], ct)).TryGetValue(scriptId, out var name))
            job.LinkedScript = new LinkedScriptView(scriptId, name);
        return job;
    }
}
