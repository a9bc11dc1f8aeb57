using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListTags;

internal sealed record Response(List<TagCount> Tags);

internal sealed class TagCount
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Color { get; init; }
    public int ScriptCount { get; init; }
}

/// <summary><c>GET /api/v1/scripts/tags</c>: every tag by name, with how many scripts carry it.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = $"""
        SELECT t.id::text AS {nameof(TagCount.Id)}, t.name AS {nameof(TagCount.Name)}, t.color AS {nameof(TagCount.Color)},
               (SELECT count(*)::int FROM script_tag_links l WHERE l.tag_id = t.id) AS {nameof(TagCount.ScriptCount)}
        FROM script_tags t ORDER BY lower(t.name)
        """;

    public override void Configure()
    {
        Get("/tags");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var tags = (await connection.QueryAsync<TagCount>(new CommandDefinition(Sql, cancellationToken: ct))).AsList();
        await Send.OkAsync(new Response(tags), ct);
    }
}
