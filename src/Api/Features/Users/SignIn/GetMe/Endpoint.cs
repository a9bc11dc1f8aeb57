using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.GetMe;

public sealed record Response(UserView User, string Mode);

/// <summary><c>GET /api/v1/auth/me</c>: the signed-in account, of either realm, and the mode.</summary>
internal sealed class Endpoint(AccountRealms realms, SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("me");
        Group<SignInGroup>();
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var account = await realms.Of(caller).FindByIdAsync(caller.UserId, ct) ?? throw ApiException.Unauthorized();
        await Send.OkAsync(new Response(account.ToView(), sharedDb.Mode), ct);
    }
}
