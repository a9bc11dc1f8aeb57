using Dapper;
using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptDependencies;

internal sealed class Request
{
    public const int DefaultDepth = 10;
    public const int MaxDepth = 50;

    public string Id { get; init; } = "";

    /// <summary>How many steps to walk each way: 1 (direct only) to 50; default 10.</summary>
    public int Depth { get; init; } = DefaultDepth;

    internal sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(x => x.Depth).InclusiveBetween(1, MaxDepth).WithMessage($"is 1 to {MaxDepth}.");
    }
}

internal sealed record Response(List<DependencyView> Dependencies, List<DependencyView> Dependents);

internal sealed class DependencyView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";

    /// <summary>Steps from the script: 1 for a direct dependency or dependent; the shortest when several paths lead there.</summary>
    public int Depth { get; init; }
}

/// <summary>
/// <c>GET /api/v1/scripts/{id}/dependencies?depth=</c>: what the script runs, transitively, and what runs it. Each walk is
/// one recursive query over the resolved references (the primary key leads the way down, <c>ix_script_references_target</c>
/// the way up); it remembers each script at each depth once, so a cycle ends at the depth bound and costs at most
/// scripts × depth rows. The script itself is never listed, even when a cycle leads back to it.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    const string Sql = $"""
        SELECT EXISTS (SELECT 1 FROM scripts WHERE id = @Id);

        WITH RECURSIVE walk (id, depth) AS (
            SELECT r.target_id, 1 FROM script_references r WHERE r.script_id = @Id AND r.target_id IS NOT NULL
            UNION
            SELECT r.target_id, w.depth + 1 FROM walk w JOIN script_references r ON r.script_id = w.id
            WHERE w.depth < @Depth AND r.target_id IS NOT NULL)
        SELECT s.id::text AS {nameof(DependencyView.Id)}, s.name AS {nameof(DependencyView.Name)}, s.type AS {nameof(DependencyView.Type)},
               min(w.depth) AS {nameof(DependencyView.Depth)}
        FROM walk w JOIN scripts s ON s.id = w.id WHERE w.id <> @Id
        GROUP BY s.id, s.name, s.type ORDER BY 4, lower(s.name);

        WITH RECURSIVE walk (id, depth) AS (
            SELECT r.script_id, 1 FROM script_references r WHERE r.target_id = @Id
            UNION
            SELECT r.script_id, w.depth + 1 FROM walk w JOIN script_references r ON r.target_id = w.id
            WHERE w.depth < @Depth)
        SELECT s.id::text AS {nameof(DependencyView.Id)}, s.name AS {nameof(DependencyView.Name)}, s.type AS {nameof(DependencyView.Type)},
               min(w.depth) AS {nameof(DependencyView.Depth)}
        FROM walk w JOIN scripts s ON s.id = w.id WHERE w.id <> @Id
        GROUP BY s.id, s.name, s.type ORDER BY 4, lower(s.name);
        """;

    public override void Configure()
    {
        Get("/{id}/dependencies");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "script");
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { Id = id, req.Depth }, cancellationToken: ct));
        if (!await results.ReadSingleAsync<bool>())
            throw ApiException.NotFound("script");
        var dependencies = (await results.ReadAsync<DependencyView>()).AsList();
        var dependents = (await results.ReadAsync<DependencyView>()).AsList();
        await Send.OkAsync(new Response(dependencies, dependents), ct);
    }
}
