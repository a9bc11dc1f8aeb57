using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.GetUser;

/// <summary><c>GET /api/v1/users/{id}</c>: one team account, its version also as the <c>ETag</c>.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("{id}");
        Group<AdministrationGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.UsersRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "user");
        await using var connection = await sharedDb.OpenAsync(ct);
        var user = await TeamAccounts.FindByIdAsync(connection, id, ct) ?? throw ApiException.NotFound("user");
        HttpContext.Response.SetETag(user.Version);
        await Send.OkAsync(new Response(user.ToView()), ct);
    }
}
