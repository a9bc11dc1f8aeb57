using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ListUsers;

/// <summary><c>GET /api/v1/users</c>: team accounts by username (case-insensitive), filtered by <c>search</c> and <c>isActive</c>.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ListResponse<UserView>>
{
    public override void Configure()
    {
        Get("");
        Group<AdministrationGroup>();
        this.Allow(Access.Team(Permission.UsersRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var (total, items) = await Data.ListAsync(connection, req, ct);
        await Send.OkAsync(new ListResponse<UserView>([.. items.Select(u => u.ToView())], PageMeta.For(req, total)), ct);
    }
}
