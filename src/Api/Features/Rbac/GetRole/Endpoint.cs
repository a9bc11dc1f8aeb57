using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.GetRole;

public sealed class Request
{
    public string Id { get; init; } = "";
}

public sealed record Response(RoleView Role);

/// <summary><c>GET /api/v1/rbac/roles/{id}</c> with its version as the <c>ETag</c>; a malformed id names nothing and is a 404 like an unknown one.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    const string ByIdSql = $"{RoleView.Select} WHERE r.id = @Id";

    public override void Configure()
    {
        Get("/roles/{id}");
        Group<RbacGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.RbacRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "role");
        await using var connection = await sharedDb.OpenAsync(ct);
        var role = await connection.QuerySingleOrDefaultAsync<RoleView>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct))
            ?? throw ApiException.NotFound("role");
        HttpContext.Response.SetETag(role.Version);
        await Send.OkAsync(new Response(role), ct);
    }
}
