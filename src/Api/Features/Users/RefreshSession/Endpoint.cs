using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.RefreshSession;

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
internal sealed class Endpoint(LocalDatabase db, SharedDatabase sharedDb, LocalSessions localSessions, TeamSessions teamSessions)
    : Endpoint<Request, SessionResponse>
{
    public override void Configure()
    {
        Post("/auth/refresh");
        Tags("Users");
        Description(b => b.Fails(401, ErrorCodes.Unauthorized).Fails(503, ErrorCodes.SharedDbUnavailable));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (outcome, pair, userId) = await localSessions.RefreshAsync(req.RefreshToken, ct);
        if (outcome == RefreshOutcome.Rotated)
        {
            await using var connection = await db.OpenAsync(ct);
            var owner = await LocalOwner.FindByIdAsync(connection, userId!, ct) ?? throw ApiException.Unauthorized();
            await Send.OkAsync(new SessionResponse(pair!.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, owner.ToView()), ct);
            return;
        }

        if (outcome == RefreshOutcome.Unknown && sharedDb.IsConfigured)
        {
            (outcome, pair, userId) = await teamSessions.RefreshAsync(req.RefreshToken, ct);
            if (outcome == RefreshOutcome.Rotated)
            {
                await using var connection = await sharedDb.OpenAsync(ct);
                var account = await TeamAccount.FindByIdAsync(connection, userId!, ct) ?? throw ApiException.Unauthorized();
                await Send.OkAsync(new SessionResponse(pair!.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, account.ToView()), ct);
                return;
            }
        }

        throw ApiException.Unauthorized("The refresh token is not valid; sign in again.");
    }
}
