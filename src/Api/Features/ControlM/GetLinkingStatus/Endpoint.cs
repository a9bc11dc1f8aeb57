using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetLinkingStatus;

/// <summary><c>GET /api/v1/controlm-jobs/linking-status</c>: how much of the catalog is linked to scripts, in one pass.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = """
        SELECT count(*)::int AS Total, count(*) FILTER (WHERE mem_name_key IS NOT NULL)::int AS WithMemName,
               count(*) FILTER (WHERE script_id IS NOT NULL)::int AS Linked
        FROM controlm_jobs
        """;

    public override void Configure()
    {
        Get("/linking-status");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var (total, withMemName, linked) = await connection.QuerySingleAsync<(int, int, int)>(new CommandDefinition(Sql, cancellationToken: ct));
        var percentage = total == 0 ? 0 : Math.Round(100.0 * linked / total, 1);
        await Send.OkAsync(new Response(total, withMemName, linked, total - linked, percentage), ct);
    }
}
