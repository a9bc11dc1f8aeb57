using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.GetMe;

/// <summary><c>permissions</c> repeats <c>user.permissions</c> at the top, where the original web client reads them (contract §14).</summary>
public sealed record Response(UserView User, string Mode, IReadOnlyList<string> Permissions);

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
        var user = account.ToView();
        await Send.OkAsync(new Response(user, sharedDb.Mode, user.Permissions), ct);
    }
}
