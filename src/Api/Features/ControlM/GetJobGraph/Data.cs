using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

internal static class Data
{
    // The jobs the filters select. A folder takes its sub-folders (Top/Sub): starts_with rather than LIKE, because folder
    // names hold LIKE's wildcard '_' (FIN_EOD) and would otherwise need escaping.
    const string Selected = """
        selected AS MATERIALIZED (
            SELECT j.id, j.datacenter FROM controlm_jobs j
            WHERE (@Datacenter::text IS NULL OR j.datacenter = @Datacenter::text)
              AND (@Folder::text IS NULL OR j.folder = @Folder::text OR starts_with(j.folder, @Folder::text || '/'))
              AND (@Application::text IS NULL OR j.application = @Application::text))
        """;

    const string NodesSql = $"""
        WITH {Selected}
        SELECT j.id::text AS {nameof(Response.Node.Id)}, j.job_name AS {nameof(Response.Node.JobName)}, j.occurrence AS {nameof(Response.Node.Occurrence)},
               j.folder AS {nameof(Response.Node.Folder)}, j.datacenter AS {nameof(Response.Node.Datacenter)}, j.application AS {nameof(Response.Node.Application)}
        FROM selected s JOIN controlm_jobs j ON j.id = s.id
        ORDER BY j.folder, j.job_name, j.occurrence, j.datacenter;
        """;

    /// <summary>
    /// Every edge with an end among the selected jobs, as GetJob's neighbours are made: the producer posts (<c>+</c>) a name
    /// the consumer waits for, same datacenter; deleting signs are no edges; flow steps join jobs of one folder by name.
    /// Each side of the join starts from the selected jobs and goes through an index (the conditions' key, then the partial
    /// index of the other side). Both ends' details come along: the end outside the selection becomes an external node.
    /// </summary>
    const string EdgesSql = $"""
        WITH {Selected},
        by_condition AS (
            SELECT p.job_id AS source, w.job_id AS target, w.name, p.conditional, w.odate AS wait_odate, p.odate AS post_odate
            FROM selected s
            JOIN controlm_conditions w ON w.job_id = s.id AND w.direction = 'in'
            JOIN controlm_conditions p ON p.name = w.name AND p.direction = 'out' AND p.sign = '+'
            JOIN controlm_jobs a ON a.id = p.job_id AND a.datacenter = s.datacenter
            UNION
            SELECT p.job_id, w.job_id, w.name, p.conditional, w.odate, p.odate
            FROM selected s
            JOIN controlm_conditions p ON p.job_id = s.id AND p.direction = 'out' AND p.sign = '+'
            JOIN controlm_conditions w ON w.name = p.name AND w.direction = 'in'
            JOIN controlm_jobs b ON b.id = w.job_id AND b.datacenter = s.datacenter),
        edges AS (
            SELECT source, target, name AS condition, CASE WHEN conditional THEN 'conditional' ELSE 'condition' END AS kind,
                   upper(coalesce(wait_odate, '')) IN ('PREV', 'NEXT') OR upper(coalesce(post_odate, '')) IN ('PREV', 'NEXT') AS cross_day
            FROM by_condition
            UNION
            SELECT a.id, b.id, NULL, 'flow', false
            FROM controlm_flow_edges e
            JOIN controlm_jobs a ON a.datacenter = e.datacenter AND a.folder = e.folder AND a.job_name = e.from_name
            JOIN controlm_jobs b ON b.datacenter = e.datacenter AND b.folder = e.folder AND b.job_name = e.to_name
            WHERE a.id IN (SELECT id FROM selected) OR b.id IN (SELECT id FROM selected))
        SELECT e.source::text AS {nameof(EdgeRow.From)}, e.target::text AS {nameof(EdgeRow.To)}, e.condition AS {nameof(EdgeRow.Condition)},
               e.kind AS {nameof(EdgeRow.Kind)}, e.cross_day AS {nameof(EdgeRow.CrossDay)},
               a.job_name AS {nameof(EdgeRow.FromJobName)}, a.occurrence AS {nameof(EdgeRow.FromOccurrence)}, a.folder AS {nameof(EdgeRow.FromFolder)},
               a.datacenter AS {nameof(EdgeRow.FromDatacenter)}, a.application AS {nameof(EdgeRow.FromApplication)},
               b.job_name AS {nameof(EdgeRow.ToJobName)}, b.occurrence AS {nameof(EdgeRow.ToOccurrence)}, b.folder AS {nameof(EdgeRow.ToFolder)},
               b.datacenter AS {nameof(EdgeRow.ToDatacenter)}, b.application AS {nameof(EdgeRow.ToApplication)}
        FROM edges e JOIN controlm_jobs a ON a.id = e.source JOIN controlm_jobs b ON b.id = e.target
        ORDER BY a.folder, a.job_name, a.occurrence, a.datacenter, b.folder, b.job_name, b.occurrence, b.datacenter, e.condition NULLS LAST, e.kind, e.cross_day;
        """;

    // Names the selected jobs wait for that no job of their datacenter posts; the probe goes through the posts' partial index.
    const string ExternalSql = $"""
        WITH {Selected}
        SELECT w.name AS {nameof(Response.ExternalCondition.Name)}, s.datacenter AS {nameof(Response.ExternalCondition.Datacenter)},
               array_agg(DISTINCT s.id::text ORDER BY s.id::text) AS {nameof(Response.ExternalCondition.Consumers)}
        FROM selected s
        JOIN controlm_conditions w ON w.job_id = s.id AND w.direction = 'in'
        WHERE NOT EXISTS (
            SELECT 1 FROM controlm_conditions p JOIN controlm_jobs a ON a.id = p.job_id
            WHERE p.name = w.name AND p.direction = 'out' AND p.sign = '+' AND a.datacenter = s.datacenter)
        GROUP BY w.name, s.datacenter
        ORDER BY w.name, s.datacenter;
        """;

    /// <summary>An edge with both its ends' details, so the end outside the selection needs no query of its own.</summary>
    internal sealed class EdgeRow
    {
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public string? Condition { get; set; }
        public string Kind { get; set; } = "";
        public bool CrossDay { get; set; }
        public string FromJobName { get; set; } = "";
        public int FromOccurrence { get; set; }
        public string FromFolder { get; set; } = "";
        public string FromDatacenter { get; set; } = "";
        public string? FromApplication { get; set; }
        public string ToJobName { get; set; } = "";
        public int ToOccurrence { get; set; }
        public string ToFolder { get; set; } = "";
        public string ToDatacenter { get; set; } = "";
        public string? ToApplication { get; set; }
    }

    /// <summary>The three statements in one round trip; a blank filter is no filter.</summary>
    public static async Task<(List<Response.Node> Nodes, List<EdgeRow> Edges, List<Response.ExternalCondition> External)> ReadAsync(
        NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        var args = new { Datacenter = Given(req.Datacenter), Folder = Given(req.Folder), Application = Given(req.Application) };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(NodesSql + EdgesSql + ExternalSql, args, cancellationToken: ct));
        var nodes = (await results.ReadAsync<Response.Node>()).AsList();
        var edges = (await results.ReadAsync<EdgeRow>()).AsList();
        var external = (await results.ReadAsync<Response.ExternalCondition>()).AsList();
        return (nodes, edges, external);

        static string? Given(string? filter) => string.IsNullOrEmpty(filter) ? null : filter;
    }
}
