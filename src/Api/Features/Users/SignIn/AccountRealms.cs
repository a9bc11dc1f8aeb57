using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>
/// The one place that decides in which realm a sign-in request acts: a signed-in caller's own realm; for a sign-in,
/// the realm asked for, else the team's then the local owner's in shared mode and the local owner's otherwise; for a refresh, whichever realm
/// issued the token.
/// </summary>
internal sealed class AccountRealms(LocalDatabase db, SharedDatabase sharedDb, LocalSessions localSessions, TeamSessions teamSessions, TimeProvider clock)
{
    readonly LocalRealm _local = new(db, localSessions, clock);
    readonly TeamRealm _team = new(sharedDb, teamSessions, clock);

    public AccountRealm Of(Caller caller) => caller.Realm == Realms.Local ? _local : _team;

    /// <summary>The realms a sign-in tries, in order: the one asked for; else, in shared mode, the team's then the local owner's.</summary>
    public IReadOnlyList<AccountRealm> ForSignIn(string? requested) => requested switch
    {
        Realms.Team => [_team],
        Realms.Local => [_local],
        _ => sharedDb.Mode == ApiModes.Shared ? [_team, _local] : [_local],
    };

    /// <summary>The realms a refresh token may come from, in the order to ask them: the local one is always there, the team's only when configured.</summary>
    public IEnumerable<AccountRealm> ForRefresh()
    {
        yield return _local;
        if (sharedDb.IsConfigured)
            yield return _team;
    }
}
