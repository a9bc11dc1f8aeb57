using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.ChangePassword;

public sealed class Request
{
    public string CurrentPassword { get; init; } = "";
    public string NewPassword { get; init; } = "";

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.CurrentPassword).NotEmpty().MaximumLength(PasswordHashing.MaximumLength);
            RuleFor(x => x.NewPassword).ValidNewPassword()
                .NotEqual(x => x.CurrentPassword).WithMessage("The new password must differ from the current one.");
        }
    }
}

public sealed record Response(bool Success, string Message);

/// <summary>
/// <c>POST /api/v1/auth/change-password</c>, either realm: <c>200 {success, message}</c> (what the original web client reads,
/// contract §14), and every other session of the account is revoked.
/// A wrong current password is a 400 on <c>currentPassword</c>, not a 401: the caller's session is fine and must not
/// look expired. A team account's change is audited.
/// </summary>
internal sealed class Endpoint(AccountRealms realms, PasswordHashing passwords, LoginThrottle throttle) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("change-password");
        Group<SignInGroup>();
        Description(b => b.Fails(429));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        throttle.Attempt(HttpContext, caller.Username);
        var realm = realms.Of(caller);
        var account = await realm.FindByIdAsync(caller.UserId, ct) ?? throw ApiException.Unauthorized();
        if (!await passwords.VerifyAsync(account.PasswordHash, req.CurrentPassword, ct))
            ThrowError(r => r.CurrentPassword, "The current password is incorrect.");

        await realm.ChangePasswordAsync(caller, await passwords.HashAsync(req.NewPassword, ct), HttpContext, ct);
        await Send.OkAsync(new Response(true, "The password was changed; your other sessions were signed out."), ct);
    }
}
