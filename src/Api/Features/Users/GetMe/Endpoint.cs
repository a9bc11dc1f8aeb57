using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.GetMe;

public sealed record Response(UserView User, string Mode);

internal sealed class Endpoint(LocalDatabase db, SharedDbStatus sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/auth/me");
        Tags("Users");
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalOwner.FindByIdAsync(connection, HttpContext.Caller().UserId, ct) ?? throw ApiException.Unauthorized();
        await Send.OkAsync(new Response(owner.ToView(), sharedDb.Mode), ct);
    }
}
