using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobFilters;

/// <summary><c>GET /api/v1/controlm-jobs/filters</c>: the distinct values of the list's filters, each read from its index.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = """
        SELECT DISTINCT application FROM controlm_jobs WHERE application IS NOT NULL ORDER BY 1;
        SELECT DISTINCT folder FROM controlm_jobs ORDER BY 1;
        SELECT DISTINCT node_id FROM controlm_jobs WHERE node_id IS NOT NULL ORDER BY 1;
        SELECT DISTINCT task_type FROM controlm_jobs WHERE task_type IS NOT NULL ORDER BY 1;
        SELECT DISTINCT datacenter FROM controlm_jobs ORDER BY 1;
        """;

    public override void Configure()
    {
        Get("/filters");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, cancellationToken: ct));
        var applications = (await results.ReadAsync<string>()).AsList();
        var folders = (await results.ReadAsync<string>()).AsList();
        var nodes = (await results.ReadAsync<string>()).AsList();
        var taskTypes = (await results.ReadAsync<string>()).AsList();
        var datacenters = (await results.ReadAsync<string>()).AsList();
        await Send.OkAsync(new Response(applications, folders, nodes, taskTypes, datacenters), ct);
    }
}
