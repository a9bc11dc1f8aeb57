using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Login;

/// <summary>
/// <c>POST /api/v1/auth/login</c>. Unknown account and wrong password get the same answer in about the same time.
/// Team sign-ins and failed team sign-ins are audited.
/// </summary>
internal sealed class Endpoint(
    LocalDatabase db,
    SharedDatabase sharedDb,
    PasswordHashing passwords,
    LocalSessions localSessions,
    TeamSessions teamSessions,
    LoginThrottle throttle,
    TimeProvider clock) : Endpoint<Request, SessionResponse>
{
    public override void Configure()
    {
        Post("/auth/login");
        Tags("Users");
        Description(b => b.Fails(401, ErrorCodes.InvalidCredentials).Fails(429).Fails(503, ErrorCodes.NotConfigured, ErrorCodes.SharedDbUnavailable));
        this.Allow(Access.Anyone);
    }

    static ApiException Invalid() => new(401, ErrorCodes.InvalidCredentials, "The username or password is incorrect.");

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        throttle.Attempt(HttpContext, req.Username);
        var realm = req.Realm ?? (sharedDb.Mode == Modes.Shared ? Realms.Team : Realms.Local);
        var response = realm == Realms.Team ? await TeamAsync(req, ct) : await LocalAsync(req, ct);
        await Send.OkAsync(response, ct);
    }

    async Task<SessionResponse> LocalAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalOwner.FindByNameAsync(connection, req.Username, ct);
        var valid = await passwords.VerifyAsync(owner?.PasswordHash, req.Password, ct);
        if (!valid || owner is not { IsActive: true })
            throw Invalid();

        await using var tx = await connection.BeginTransactionAsync(ct);
        var pair = await localSessions.IssueAsync(connection, tx, owner.Id, HttpContext, ct);
        await tx.CommitAsync(ct);
        return new SessionResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, owner.ToView());
    }

    async Task<SessionResponse> TeamAsync(Request req, CancellationToken ct)
    {
        if (!sharedDb.IsConfigured)
            throw new ApiException(503, ErrorCodes.NotConfigured, "Team sign-in needs the shared database, and none is configured.");

        await using var connection = await sharedDb.OpenAsync(ct);
        var account = await TeamAccount.FindByNameAsync(connection, req.Username, ct);
        var valid = await passwords.VerifyAsync(account?.PasswordHash, req.Password, ct);
        var audit = AuditContext.From(HttpContext, clock.GetUtcNow());

        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!valid || account is not { IsActive: true })
        {
            var attempted = new { username = req.Username.Trim(), reason = account is null ? "unknown_account" : account.IsActive ? "wrong_password" : "inactive" };
            await AuditLog.AppendAsync(connection, tx, new AuditActor(account?.Id, account?.Username ?? req.Username.Trim(), Realms.Team),
                new AuditEntry("auth.login_failed", "session", null, After: attempted), audit, ct);
            await tx.CommitAsync(ct);
            throw Invalid();
        }

        var pair = await teamSessions.IssueAsync(connection, tx, account.Id, HttpContext, ct);
        await AuditLog.AppendAsync(connection, tx, new AuditActor(account.Id, account.Username, Realms.Team),
            new AuditEntry("auth.login", "session", pair.SessionId), audit, ct);
        await tx.CommitAsync(ct);
        return new SessionResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, account.ToView());
    }
}
