namespace WorkspaceOrganizer.Api.Infrastructure.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session unused for this long is over; the client must sign in again.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>No session outlives this, however active.</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// A spent refresh token presented again this soon gets the pair it was exchanged for (a client refreshing from
    /// several requests at once); later, reuse revokes the session. Zero turns the grace off.
    /// </summary>
    public TimeSpan RefreshGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sign-in and recovery attempts allowed per account name per minute.</summary>
    public int LoginAttemptsPerAccountPerMinute { get; set; } = 10;

    /// <summary>Sign-in and recovery attempts allowed per client address per minute.</summary>
    public int LoginAttemptsPerAddressPerMinute { get; set; } = 30;
}
