using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.ListRoles;

public sealed class Request : IPagedRequest
{
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.ValidatePaging();
    }
}

/// <summary><c>GET /api/v1/rbac/roles</c>: built-in roles first, then by name.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ListResponse<RoleView>>
{
    const string CountSql = "SELECT count(*)::int FROM roles";
    const string PageSql = $"{RoleView.Select} ORDER BY r.is_built_in DESC, lower(r.name) LIMIT @Limit OFFSET @Offset";

    public override void Configure()
    {
        Get("/roles");
        Group<RbacGroup>();
        this.Allow(Access.Team(Permission.RbacRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, cancellationToken: ct));
        var items = (await connection.QueryAsync<RoleView>(new CommandDefinition(PageSql, new { Limit = req.PageSize, Offset = req.Offset() }, cancellationToken: ct))).AsList();
        await Send.OkAsync(new ListResponse<RoleView>(items, PageMeta.For(req, total)), ct);
    }
}
