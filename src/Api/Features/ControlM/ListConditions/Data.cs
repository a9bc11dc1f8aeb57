using System.Text.Json;
using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListConditions;

internal static class Data
{
    /// <summary>A condition that hundreds of jobs wait for (a daily start) would otherwise make one row of a page megabytes.</summary>
    public const int MaxJobsListed = 100;

    // One statement. `conditions` groups every wait and every '+' post by (datacenter, name) — a condition is one name
    // within one datacenter, like an edge — and knows from two bool_or whether it is posted and waited for; the kind
    // filter applies to that. Only the page's keys then look up their jobs, through the two partial indexes on name
    // (ix_controlm_conditions_posts, _waits), each side counted in full and listed up to MaxJobsListed. The total rides
    // on a row of its own (name NULL) so that a page past the end still carries it.
    static readonly string Sql = $"""
        WITH conditions AS (
            SELECT j.datacenter, c.name,
                   bool_or(c.direction = 'out') AS posted,
                   bool_or(c.direction = 'in') AS waited
            FROM controlm_conditions c
            JOIN controlm_jobs j ON j.id = c.job_id
            WHERE (c.direction = 'in' OR c.sign = '+')
              AND (@Datacenter::text IS NULL OR j.datacenter = @Datacenter)
              AND (@Pattern::text IS NULL OR lower(c.name) LIKE @Pattern ESCAPE '\')
            GROUP BY j.datacenter, c.name
        ), chosen AS (
            SELECT datacenter, name,
                   CASE WHEN posted AND waited THEN 'internal' WHEN waited THEN 'external' ELSE 'unconsumed' END AS kind
            FROM conditions
            WHERE @Kind = 'all' OR (@Kind = 'external' AND NOT posted) OR (@Kind = 'unconsumed' AND NOT waited)
        ), page AS (
            SELECT * FROM chosen ORDER BY name, datacenter LIMIT @Limit OFFSET @Offset
        )
        SELECT NULL AS {nameof(Row.Name)}, NULL AS {nameof(Row.Datacenter)}, NULL AS {nameof(Row.Kind)},
               (SELECT count(*) FROM chosen)::int AS {nameof(Row.Total)},
               0 AS {nameof(Row.ProducerCount)}, 0 AS {nameof(Row.ConsumerCount)},
               NULL AS {nameof(Row.Producers)}, NULL AS {nameof(Row.Consumers)}
        UNION ALL
        SELECT p.name, p.datacenter, p.kind, 0, producers.n, consumers.n, producers.jobs, consumers.jobs
        FROM page p
        CROSS JOIN LATERAL ({Side("c.direction = 'out' AND c.sign = '+'")}) producers
        CROSS JOIN LATERAL ({Side("c.direction = 'in'")}) consumers
        ORDER BY 1 NULLS FIRST, 2;
        """;

    /// <summary>The jobs of the page row's datacenter with a condition of that name matching <paramref name="side"/>, each once.</summary>
    static string Side(string side) => $"""
        SELECT count(*)::int AS n,
               coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'jobName', a.job_name, 'occurrence', a.occurrence, 'folder', a.folder)
                        ORDER BY a.folder, a.job_name, a.occurrence) FILTER (WHERE a.rank <= {MaxJobsListed}), '[]')::text AS jobs
        FROM (SELECT j.id, j.job_name, j.occurrence, j.folder,
                     row_number() OVER (ORDER BY j.folder, j.job_name, j.occurrence) AS rank
              FROM controlm_jobs j
              WHERE j.datacenter = p.datacenter
                AND j.id IN (SELECT c.job_id FROM controlm_conditions c WHERE c.name = p.name AND {side})) a
        """;

    sealed class Row
    {
        public string? Name { get; set; }
        public string? Datacenter { get; set; }
        public string? Kind { get; set; }
        public int Total { get; set; }
        public int ProducerCount { get; set; }
        public int ConsumerCount { get; set; }
        public string? Producers { get; set; }
        public string? Consumers { get; set; }
    }

    public static async Task<(int Total, List<InventoryCondition> Items)> ListAsync(NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        var args = new
        {
            req.Datacenter,
            req.Pattern,
            Kind = req.Kind ?? "all",
            Limit = req.PageSize,
            Offset = (long)(req.Page - 1) * req.PageSize,
        };
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, args, cancellationToken: ct))).AsList();
        var items = rows.Where(r => r.Name is not null).Select(r => new InventoryCondition
        {
            Name = r.Name!,
            Datacenter = r.Datacenter!,
            Kind = r.Kind!,
            ProducerCount = r.ProducerCount,
            ConsumerCount = r.ConsumerCount,
            Producers = Jobs(r.Producers),
            Consumers = Jobs(r.Consumers),
        }).ToList();
        return (rows.First(r => r.Name is null).Total, items);
    }

    static List<InventoryJob> Jobs(string? json) => JsonSerializer.Deserialize<List<InventoryJob>>(json ?? "[]", JsonSerializerOptions.Web)!;
}
