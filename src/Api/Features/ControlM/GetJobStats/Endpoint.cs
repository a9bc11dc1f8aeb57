using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobStats;

/// <summary><c>GET /api/v1/controlm-jobs/stats</c>: the catalog's counts, four statements in one round trip.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = """
        SELECT count(*)::int, count(*) FILTER (WHERE is_active)::int, count(*) FILTER (WHERE is_cyclic)::int,
               count(*) FILTER (WHERE is_critical)::int, count(DISTINCT (datacenter, folder))::int
        FROM controlm_jobs;
        SELECT coalesce(application, ''), count(*)::int FROM controlm_jobs GROUP BY 1 ORDER BY 1;
        SELECT coalesce(task_type, ''), count(*)::int FROM controlm_jobs GROUP BY 1 ORDER BY 1;
        SELECT coalesce(node_id, ''), count(*)::int FROM controlm_jobs GROUP BY 1 ORDER BY 1;
        """;

    public override void Configure()
    {
        Get("/stats");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, cancellationToken: ct));
        var (total, active, cyclic, critical, folders) = await results.ReadSingleAsync<(int, int, int, int, int)>();
        var byApplication = (await results.ReadAsync<(string, int)>()).ToDictionary(r => r.Item1, r => r.Item2);
        var byTaskType = (await results.ReadAsync<(string, int)>()).ToDictionary(r => r.Item1, r => r.Item2);
        var byServer = (await results.ReadAsync<(string, int)>()).ToDictionary(r => r.Item1, r => r.Item2);
        await Send.OkAsync(new Response(new Stats(total, active, cyclic, critical, byApplication, byTaskType, byServer, folders)), ct);
    }
}
