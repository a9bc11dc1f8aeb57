using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.DeleteTag;

internal sealed class Request
{
    public string Id { get; init; } = "";
}

/// <summary>
/// <c>DELETE /api/v1/scripts/tags/{id}</c>: removes the tag from every script (the links cascade) and audits
/// <c>tag.deleted</c> with its name and how many scripts carried it. The scripts themselves are not changed.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request>
{
    const string DeleteSql = $"""
        WITH gone AS (DELETE FROM script_tags WHERE id = @Id RETURNING id, name, color)
        SELECT gone.name AS {nameof(Gone.Name)}, gone.color AS {nameof(Gone.Color)},
               (SELECT count(*)::int FROM script_tag_links l WHERE l.tag_id = gone.id) AS {nameof(Gone.Scripts)}
        FROM gone
        """;

    public override void Configure()
    {
        Delete("/tags/{id}");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "tag");
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The statement's snapshot still holds the links the cascade removes, so the count is of the scripts that carried it.
        var gone = await connection.QuerySingleOrDefaultAsync<Gone>(new CommandDefinition(DeleteSql, new { Id = id }, tx, cancellationToken: ct))
            ?? throw ApiException.NotFound("tag");
        await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("tag.deleted", "script_tag", id.ToString(),
            Before: new { name = gone.Name, color = gone.Color, scriptCount = gone.Scripts }), now, ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }

    sealed class Gone
    {
        public string Name { get; init; } = "";
        public string? Color { get; init; }
        public int Scripts { get; init; }
    }
}
