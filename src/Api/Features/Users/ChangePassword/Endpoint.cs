using Dapper;
using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

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
/// <c>POST /api/v1/auth/change-password</c>: 204, and every other session of the account is revoked. A wrong current
/// password is a 400 on <c>currentPassword</c>, not a 401: the caller's session is fine and must not look expired.
/// </summary>
internal sealed class Endpoint(LocalDatabase db, PasswordHashing passwords, LocalSessions sessions, LoginThrottle throttle, TimeProvider clock)
    : Endpoint<Request>
{
    const string UpdateSql = "UPDATE local_users SET password_hash = @Hash, updated_at = @Now WHERE id = @Id";

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

        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalOwner.FindByIdAsync(connection, caller.UserId, ct) ?? throw ApiException.Unauthorized();
        if (!await passwords.VerifyAsync(owner.PasswordHash, req.CurrentPassword, ct))
            ThrowError(r => r.CurrentPassword, "The current password is incorrect.");

        var hash = await passwords.HashAsync(req.NewPassword, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new { Hash = hash, Now = clock.GetUtcNow(), Id = owner.Id }, tx, cancellationToken: ct));
        await sessions.RevokeAllAsync(connection, tx, owner.Id, keepSessionId: caller.SessionId, ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
