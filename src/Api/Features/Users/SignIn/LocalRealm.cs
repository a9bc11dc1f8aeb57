using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>The local owner: its account and sessions in SQLite; nothing of it reaches the team's audit log.</summary>
internal sealed class LocalRealm(LocalDatabase db, LocalSessions sessions, TimeProvider clock) : AccountRealm
{
    const string SetPasswordSql = "UPDATE local_users SET password_hash = @Hash, updated_at = @Now WHERE id = @Id";

    public override string Name => Realms.Local;

    public override async Task<Account?> FindByIdAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await LocalAccounts.FindByIdAsync(connection, id, ct);
    }

    public override async Task<Account?> FindByNameAsync(string usernameOrEmail, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await LocalAccounts.FindByNameAsync(connection, usernameOrEmail, ct);
    }

    public override async Task<TokenPair> SignInAsync(Account account, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var pair = await sessions.IssueAsync(connection, tx, account.Id, http, ct);
        await tx.CommitAsync(ct);
        return pair;
    }

    public override Task RecordFailedSignInAsync(Account? account, string username, HttpContext http, CancellationToken ct) => Task.CompletedTask;

    public override Task SignOutAsync(Caller caller, HttpContext http, CancellationToken ct) => sessions.RevokeAsync(caller.SessionId, ct);

    public override async Task ChangePasswordAsync(Caller caller, string passwordHash, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetPasswordSql, new { Hash = passwordHash, Now = clock.GetUtcNow(), Id = caller.UserId }, tx, cancellationToken: ct));
        await sessions.RevokeAllAsync(connection, tx, caller.UserId, keepSessionId: caller.SessionId, ct);
        await tx.CommitAsync(ct);
    }

    public override Task<(RefreshOutcome Outcome, TokenPair? Pair, string? UserId)> RefreshAsync(string refreshToken, CancellationToken ct) =>
        sessions.RefreshAsync(refreshToken, ct);
}
