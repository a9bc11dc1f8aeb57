using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Login;

/// <summary><c>POST /api/v1/auth/login</c>. Unknown account and wrong password get the same answer in about the same time.</summary>
internal sealed class Endpoint(LocalDatabase db, PasswordHashing passwords, LocalSessions sessions, LoginThrottle throttle, SharedDbStatus sharedDb)
    : Endpoint<Request, SessionResponse>
{
    public override void Configure()
    {
        Post("/auth/login");
        Tags("Users");
        Description(b => b.Fails(401, ErrorCodes.InvalidCredentials).Fails(429).Fails(503, ErrorCodes.NotConfigured, ErrorCodes.SharedDbUnavailable));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        throttle.Attempt(HttpContext, req.Username);

        var realm = req.Realm ?? (sharedDb.Mode == Modes.Shared ? Realms.Team : Realms.Local);
        if (realm == Realms.Team)
            throw new ApiException(503, ErrorCodes.NotConfigured, "Team sign-in needs the shared database, and none is configured.");

        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalOwner.FindByNameAsync(connection, req.Username, ct);
        var valid = await passwords.VerifyAsync(owner?.PasswordHash, req.Password, ct);
        if (!valid || owner is not { IsActive: true })
            throw new ApiException(401, ErrorCodes.InvalidCredentials, "The username or password is incorrect.");

        await using var tx = await connection.BeginTransactionAsync(ct);
        var pair = await sessions.IssueAsync(connection, tx, owner.Id, HttpContext, ct);
        await tx.CommitAsync(ct);

        await Send.OkAsync(new SessionResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, owner.ToView()), ct);
    }
}
