using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.GenerateRecoveryKey;

/// <summary>The new key, shown this once (only its hash is kept); <c>success</c> is what the original web client reads.</summary>
public sealed record Response(bool Success, string RecoveryKey);

/// <summary>
/// <c>POST /api/v1/auth/generate-recovery-key</c>: the signed-in local owner replaces its recovery key; the old one stops
/// working at once. The audit log is the team's, so the change is recorded in the API's log (without the key).
/// </summary>
internal sealed class Endpoint(LocalDatabase db, TimeProvider clock, ILogger<Endpoint> logger) : EndpointWithoutRequest<Response>
{
    const string UpdateSql = "UPDATE local_users SET recovery_key_hash = @RecoveryKeyHash, updated_at = @Now WHERE id = @Id";

    public override void Configure()
    {
        Post("generate-recovery-key");
        Group<SignInGroup>();
        this.Allow(Access.LocalOwner);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var key = Tokens.NewRecoveryKey();
        await using var connection = await db.OpenAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(UpdateSql,
            new { RecoveryKeyHash = Tokens.Hash(Tokens.NormalizeRecoveryKey(key)), Now = clock.GetUtcNow(), Id = caller.UserId }, cancellationToken: ct));
        if (changed == 0)
            throw ApiException.Unauthorized();
        logger.LogInformation("The local owner {UserId} generated a new recovery key; the previous one no longer works", caller.UserId);
        await Send.OkAsync(new Response(true, key), ct);
    }
}
