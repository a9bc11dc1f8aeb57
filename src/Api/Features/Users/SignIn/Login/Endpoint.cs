using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.Login;

/// <summary>
/// <c>POST /api/v1/auth/login</c>. Unknown account and wrong password get the same answer in about the same time.
/// Team sign-ins and failed team sign-ins are audited. Without <c>realm</c> in shared mode (the original web client never
/// sends one) the name is tried as a team account first, then as the local owner, so the owner is never locked out.
/// </summary>
internal sealed class Endpoint(AccountRealms realms, SharedDatabase sharedDb, PasswordHashing passwords, LoginThrottle throttle)
    : Endpoint<Request, SessionResponse>
{
    public override void Configure()
    {
        Post("login");
        Group<SignInGroup>();
        Description(b => b.Fails(401, ErrorCodes.InvalidCredentials).Fails(429).Fails(503, ErrorCodes.NotConfigured, ErrorCodes.SharedDbUnavailable));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        throttle.Attempt(HttpContext, req.Username);
        // Every candidate realm is asked and every password checked, whichever opens: the time taken does not tell
        // which realm holds the name, nor whether any does.
        (AccountRealm Realm, Account? Account)? first = null, opened = null;
        foreach (var realm in realms.ForSignIn(req.Realm))
        {
            var account = await realm.FindByNameAsync(req.Username, ct);
            var valid = await passwords.VerifyAsync(account?.PasswordHash, req.Password, ct);
            first ??= (realm, account);
            if (opened is null && valid && account is { IsActive: true })
                opened = (realm, account);
        }

        if (opened is not ({ } signedInRealm, { } signedIn))
        {
            await first!.Value.Realm.RecordFailedSignInAsync(first.Value.Account, req.Username.Trim(), HttpContext, ct);
            throw new ApiException(401, ErrorCodes.InvalidCredentials, "The username or password is incorrect.");
        }

        var pair = await signedInRealm.SignInAsync(signedIn, HttpContext, ct);
        await Send.OkAsync(new SessionResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, signedIn.ToView()), ct);
    }
}
