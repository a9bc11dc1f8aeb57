using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptStats;

internal sealed record Response(Stats Stats);

internal sealed record Stats(int TotalScripts, int ActiveScripts, int ScriptsWithCredentials, Dictionary<string, int> ScriptsByType, List<RecentScript> RecentlyUpdated);

internal sealed class RecentScript
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public string? UpdatedBy { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary><c>GET /api/v1/scripts/stats</c>: the library's counts and its five most recently updated scripts, one round trip.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = $"""
        SELECT count(*)::int, (count(*) FILTER (WHERE is_active))::int, (count(*) FILTER (WHERE has_credentials))::int FROM scripts;
        SELECT type, count(*)::int FROM scripts GROUP BY type;
        SELECT id::text AS {nameof(RecentScript.Id)}, name AS {nameof(RecentScript.Name)}, type AS {nameof(RecentScript.Type)},
               updated_by AS {nameof(RecentScript.UpdatedBy)}, updated_at AS {nameof(RecentScript.UpdatedAt)}
        FROM scripts ORDER BY updated_at DESC, id DESC LIMIT 5;
        """;

    public override void Configure()
    {
        Get("/stats");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, cancellationToken: ct));
        var (total, active, withCredentials) = await results.ReadSingleAsync<(int, int, int)>();
        // Every type is present, with 0 where the library has none, so a client can draw all of them.
        var byType = Analysis.ScriptTypes.All.ToDictionary(t => t, _ => 0);
        foreach (var (type, count) in await results.ReadAsync<(string, int)>())
            byType[type] = count;
        var recent = (await results.ReadAsync<RecentScript>()).AsList();
        await Send.OkAsync(new Response(new Stats(total, active, withCredentials, byType, recent)), ct);
    }
}
