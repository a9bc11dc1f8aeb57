using Dapper;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>Team accounts: their accounts and sessions in the shared PostgreSQL; sign-ins, failures, sign-outs and password changes are audited with them.</summary>
internal sealed class TeamRealm(SharedDatabase sharedDb, TeamSessions sessions, TimeProvider clock) : AccountRealm
{
    const string SetPasswordSql = "UPDATE team_users SET password_hash = @Hash, updated_at = @Now, version = version + 1 WHERE id = @Id::uuid";

    public override string Name => Realms.Team;

    public override async Task<Account?> FindByIdAsync(string id, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        return await TeamAccounts.FindByIdAsync(connection, id, ct);
    }

    public override async Task<Account?> FindByNameAsync(string usernameOrEmail, CancellationToken ct)
    {
        if (!sharedDb.IsConfigured)
            throw new ApiException(503, ErrorCodes.NotConfigured, "Team sign-in needs the shared database, and none is configured.");
        await using var connection = await sharedDb.OpenAsync(ct);
        return await TeamAccounts.FindByNameAsync(connection, usernameOrEmail, ct);
    }

    public override async Task<TokenPair> SignInAsync(Account account, HttpContext http, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var pair = await sessions.IssueAsync(connection, tx, account.Id, http, ct);
        await AuditLog.AppendAsync(connection, tx, new AuditActor(account.Id, account.Username, Realms.Team),
            new AuditEntry("auth.login", "session", pair.SessionId), AuditContext.From(http, clock.GetUtcNow()), ct);
        await tx.CommitAsync(ct);
        return pair;
    }

    public override async Task RecordFailedSignInAsync(Account? account, string username, HttpContext http, CancellationToken ct)
    {
        var attempted = new { username, reason = account is null ? "unknown_account" : account.IsActive ? "wrong_password" : "inactive" };
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(connection, tx, new AuditActor(account?.Id, account?.Username ?? username, Realms.Team),
            new AuditEntry("auth.login_failed", "session", null, After: attempted), AuditContext.From(http, clock.GetUtcNow()), ct);
        await tx.CommitAsync(ct);
    }

    public override async Task SignOutAsync(Caller caller, HttpContext http, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await sessions.RevokeAsync(connection, tx, caller.SessionId, ct);
        await AuditLog.AppendAsync(connection, tx, http, new AuditEntry("auth.logout", "session", caller.SessionId), clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
    }

    public override async Task ChangePasswordAsync(Caller caller, string passwordHash, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetPasswordSql, new { Hash = passwordHash, Now = now, Id = caller.UserId }, tx, cancellationToken: ct));
        await sessions.RevokeAllAsync(connection, tx, caller.UserId, keepSessionId: caller.SessionId, ct);
        await AuditLog.AppendAsync(connection, tx, http, new AuditEntry("auth.password_changed", "user", caller.UserId), now, ct);
        await tx.CommitAsync(ct);
    }

    public override Task<(RefreshOutcome Outcome, TokenPair? Pair, string? UserId)> RefreshAsync(string refreshToken, CancellationToken ct) =>
        sessions.RefreshAsync(refreshToken, ct);
}
