using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.Logout;

/// <summary><c>POST /api/v1/auth/logout</c>: revokes the caller's session (both its tokens); a team logout is audited.</summary>
internal sealed class Endpoint(AccountRealms realms) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("logout");
        Group<SignInGroup>();
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        await realms.Of(caller).SignOutAsync(caller, HttpContext, ct);
        await Send.NoContentAsync(ct);
    }
}
