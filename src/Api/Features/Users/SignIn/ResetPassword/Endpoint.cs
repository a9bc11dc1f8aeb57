using System.Security.Cryptography;
using System.Text;
using Dapper;
using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.ResetPassword;

public sealed class Request
{
    public string Username { get; init; } = "";
    public string RecoveryKey { get; init; } = "";
    public string NewPassword { get; init; } = "";

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Username).NotEmpty().MaximumLength(254);
            RuleFor(x => x.RecoveryKey).NotEmpty().MaximumLength(128);
            RuleFor(x => x.NewPassword).ValidNewPassword();
        }
    }
}

/// <summary>A recovery key works once: the answer carries its replacement, shown this one time.</summary>
public sealed record Response(string RecoveryKey);

/// <summary><c>POST /api/v1/auth/reset-password</c>: the local owner's way back in with the recovery key; revokes all its sessions.</summary>
internal sealed class Endpoint(LocalDatabase db, PasswordHashing passwords, LocalSessions sessions, LoginThrottle throttle, TimeProvider clock)
    : Endpoint<Request, Response>
{
    const string UpdateSql = """
        UPDATE local_users SET password_hash = @PasswordHash, recovery_key_hash = @RecoveryKeyHash, updated_at = @Now
        WHERE id = @Id
        """;

    public override void Configure()
    {
        Post("reset-password");
        Group<SignInGroup>();
        Description(b => b.Fails(401, ErrorCodes.InvalidCredentials).Fails(429));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        throttle.Attempt(HttpContext, req.Username);

        await using var connection = await db.OpenAsync(ct);
        var owner = await LocalAccounts.FindByNameAsync(connection, req.Username, ct);
        var presented = Tokens.Hash(Tokens.NormalizeRecoveryKey(req.RecoveryKey));
        if (owner is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(owner.RecoveryKeyHash ?? "")))
            throw new ApiException(401, ErrorCodes.InvalidCredentials, "The username or recovery key is incorrect.");

        var nextKey = Tokens.NewRecoveryKey();
        var passwordHash = await passwords.HashAsync(req.NewPassword, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            PasswordHash = passwordHash,
            RecoveryKeyHash = Tokens.Hash(Tokens.NormalizeRecoveryKey(nextKey)),
            Now = clock.GetUtcNow(),
            owner.Id,
        }, tx, cancellationToken: ct));
        await sessions.RevokeAllAsync(connection, tx, owner.Id, keepSessionId: null, ct);
        await tx.CommitAsync(ct);
        await Send.OkAsync(new Response(nextKey), ct);
    }
}
