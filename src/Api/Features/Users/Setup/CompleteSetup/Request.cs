using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Users.Setup.CompleteSetup;

public sealed class Request
{
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string Password { get; init; } = "";
    public string? DisplayName { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Username).ValidUsername();
            RuleFor(x => x.Email).ValidEmail();
            RuleFor(x => x.Password).ValidNewPassword();
            RuleFor(x => x.DisplayName).ValidDisplayName();
        }
    }
}

/// <summary>The recovery key is shown once, here; only its hash is kept. <c>auth</c> repeats the session for the original
/// web client, which reads <c>auth.accessToken</c> and <c>auth.refreshToken</c> (contract §14).</summary>
public sealed record Response(UserView User, string AccessToken, string RefreshToken, int ExpiresIn, string RecoveryKey, SessionResponse Auth);
