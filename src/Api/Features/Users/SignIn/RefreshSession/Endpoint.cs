using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.RefreshSession;

public sealed class Request
{
    public string RefreshToken { get; init; } = "";

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(256);
    }
}

/// <summary>
/// <c>POST /api/v1/auth/refresh</c>: trades a refresh token (either realm) for a new pair. The old one is spent;
/// presenting it again revokes the whole session, since only a copy of it could still be in use.
/// </summary>
internal sealed class Endpoint(AccountRealms realms, SharedDatabase sharedDb) : Endpoint<Request, SessionResponse>
{
    public override void Configure()
    {
        Post("refresh");
        Group<SignInGroup>();
        Description(b => b.Fails(401, ErrorCodes.Unauthorized).Fails(503, ErrorCodes.SharedDbUnavailable));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        foreach (var realm in realms.ForRefresh())
        {
            var (outcome, pair, userId) = await realm.RefreshAsync(req.RefreshToken, ct);
            if (outcome == RefreshOutcome.Unknown)
                continue;
            if (outcome == RefreshOutcome.Rejected)
                break;
            var account = await realm.FindByIdAsync(userId!, ct) ?? throw ApiException.Unauthorized();
            await Send.OkAsync(new SessionResponse(pair!.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, account.ToView()), ct);
            return;
        }
        throw ApiException.Unauthorized("The refresh token is not valid; sign in again.");
    }
}
