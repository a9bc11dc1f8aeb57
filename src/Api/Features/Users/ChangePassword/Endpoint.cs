using Dapper;
using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.ChangePassword;

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

/// <summary>
/// <c>POST /api/v1/auth/change-password</c>, either realm: 204, and every other session of the account is revoked.
/// A wrong current password is a 400 on <c>currentPassword</c>, not a 401: the caller's session is fine and must not
/// look expired. A team account's change is audited.
/// </summary>
internal sealed class Endpoint(
    LocalDatabase db,
    SharedDatabase sharedDb,
    PasswordHashing passwords,
    LocalSessions localSessions,
    TeamSessions teamSessions,
    LoginThrottle throttle,
    TimeProvider clock) : Endpoint<Request>
{
    const string UpdateLocalSql = "UPDATE local_users SET password_hash = @Hash, updated_at = @Now WHERE id = @Id";
    const string UpdateTeamSql = "UPDATE team_users SET password_hash = @Hash, updated_at = @Now, version = version + 1 WHERE id = @Id::uuid";

    public override void Configure()
    {
        Post("/auth/change-password");
        Tags("Users");
        Description(b => b.Fails(429));
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        throttle.Attempt(HttpContext, caller.Username);
        if (caller.Realm == Realms.Local)
            await ChangeLocalAsync(caller, req, ct);
        else
            await ChangeTeamAsync(caller, req, ct);
        await Send.NoContentAsync(ct);
    }

    async Task ChangeLocalAsync(Caller caller, Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalOwner.FindByIdAsync(connection, caller.UserId, ct) ?? throw ApiException.Unauthorized();
        await CheckCurrentAsync(owner.PasswordHash, req, ct);
        var hash = await passwords.HashAsync(req.NewPassword, ct);

        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateLocalSql, new { Hash = hash, Now = clock.GetUtcNow(), Id = owner.Id }, tx, cancellationToken: ct));
        await localSessions.RevokeAllAsync(connection, tx, owner.Id, keepSessionId: caller.SessionId, ct);
        await tx.CommitAsync(ct);
    }

    async Task ChangeTeamAsync(Caller caller, Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var account = await TeamAccount.FindByIdAsync(connection, caller.UserId, ct) ?? throw ApiException.Unauthorized();
        await CheckCurrentAsync(account.PasswordHash, req, ct);
        var hash = await passwords.HashAsync(req.NewPassword, ct);

        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateTeamSql, new { Hash = hash, Now = clock.GetUtcNow(), Id = account.Id }, tx, cancellationToken: ct));
        await teamSessions.RevokeAllAsync(connection, tx, account.Id, keepSessionId: caller.SessionId, ct);
        await AuditLog.AppendAsync(connection, tx, new AuditActor(caller.UserId, caller.Username, caller.Realm),
            new AuditEntry("auth.password_changed", "user", account.Id), AuditContext.From(HttpContext, clock.GetUtcNow()), ct);
        await tx.CommitAsync(ct);
    }

    async Task CheckCurrentAsync(string hash, Request req, CancellationToken ct)
    {
        if (!await passwords.VerifyAsync(hash, req.CurrentPassword, ct))
            ThrowError(r => r.CurrentPassword, "The current password is incorrect.");
    }
}
