using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.GetMe;

public sealed record Response(UserView User, string Mode);

internal sealed class Endpoint(LocalDatabase db, SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/auth/me");
        Tags("Users");
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        UserView user;
        if (caller.Realm == Realms.Local)
        {
            await using var connection = await db.OpenAsync(ct);
            user = (await LocalOwner.FindByIdAsync(connection, caller.UserId, ct) ?? throw ApiException.Unauthorized()).ToView();
        }
        else
        {
            await using var connection = await sharedDb.OpenAsync(ct);
            user = (await TeamAccount.FindByIdAsync(connection, caller.UserId, ct) ?? throw ApiException.Unauthorized()).ToView();
        }
        await Send.OkAsync(new Response(user, sharedDb.Mode), ct);
    }
}
