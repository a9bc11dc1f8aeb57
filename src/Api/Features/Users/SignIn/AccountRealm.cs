using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>
/// One realm's accounts and sessions as sign-in sees them: where the account is read, where its session lives, and
/// what is audited (team sign-ins, sign-outs and password changes are; the local owner's are not — the audit log is
/// the team's). The sign-in endpoints say what to do; <see cref="AccountRealms"/> says in which realm.
/// </summary>
internal abstract class AccountRealm
{
    public abstract string Name { get; }

    public abstract Task<Account?> FindByIdAsync(string id, CancellationToken ct);

    /// <summary>By username or e-mail, case-insensitively.</summary>
    public abstract Task<Account?> FindByNameAsync(string usernameOrEmail, CancellationToken ct);

    /// <summary>A new session for <paramref name="account"/>, whose password the caller has checked.</summary>
    public abstract Task<TokenPair> SignInAsync(Account account, HttpContext http, CancellationToken ct);

    /// <summary>Records a refused sign-in under <paramref name="username"/>; <paramref name="account"/> is the account it named, if any.</summary>
    public abstract Task RecordFailedSignInAsync(Account? account, string username, HttpContext http, CancellationToken ct);

    /// <summary>Revokes the caller's session (both its tokens).</summary>
    public abstract Task SignOutAsync(Caller caller, HttpContext http, CancellationToken ct);

    /// <summary>Sets the caller's password hash and revokes every other session of the account.</summary>
    public abstract Task ChangePasswordAsync(Caller caller, string passwordHash, HttpContext http, CancellationToken ct);

    /// <summary>Trades a refresh token of this realm for a new pair (see <see cref="SessionStore.RefreshAsync"/>).</summary>
    public abstract Task<(RefreshOutcome Outcome, TokenPair? Pair, string? UserId)> RefreshAsync(string refreshToken, CancellationToken ct);
}
