using System.Data.Common;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn;

/// <summary>
/// What a client needs to lock its screen on an idle session (contract §14): whether the owner wants the lock (a local
/// setting, off by default), the idle timeout after which the API ends the session, and how often to send a heartbeat.
/// <c>inactivityTimeoutMinutes</c> repeats the idle timeout under the name the original web client's lock timer reads.
/// </summary>
public sealed record SessionConfig(bool EnableSessionLock, int IdleTimeoutMinutes, int HeartbeatIntervalSeconds)
{
    public int InactivityTimeoutMinutes => IdleTimeoutMinutes;
}

internal static class SessionLockSetting
{
    public const string Key = "auth.session_lock";

    /// <summary>The API marks a session used at most once a minute (see <see cref="SessionStore.AuthenticateAsync"/>); a faster heartbeat adds nothing.</summary>
    const int HeartbeatIntervalSeconds = 60;

    public static async Task<SessionConfig> ReadAsync(DbConnection connection, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var value = await LocalSettings.ReadAsync(connection, Key, ct);
        return new SessionConfig(value == "on", (int)options.Value.SessionIdleTimeout.TotalMinutes, HeartbeatIntervalSeconds);
    }
}
