namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// The shared PostgreSQL. Defaults meet the contract's targets: a stopped server is noticed within about 1–2 s, a frozen
/// one within about 3–4 s, a returning one within about 2 s, and no request waits longer than about 4 s during an outage
/// (measured by SharedDbFaultTests; numbers in docs/benchmarks.md).
/// </summary>
public sealed class SharedDbOptions
{
    public const string Section = "SharedDb";

    /// <summary>Set by server deployments; then configure/disable answer 409 MANAGED_BY_CONFIGURATION.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How often the monitor probes the server.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe (<c>SELECT 1</c>) may take before it counts as a failure.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Npgsql connect timeout (seconds); it replaces the connection string's. It also bounds the cancel request Npgsql
    /// sends when a command times out, which a frozen server never answers: that request waits up to twice this long
    /// (with the default <c>SSL Mode=Prefer</c> it tries SSL, then plain). So the longest a request can wait on a frozen
    /// server is <see cref="CommandTimeoutSeconds"/> + 2 × this: 2 + 2 × 1 = 4 s with the defaults (it was 3 + 2 × 2 = 7 s).
    /// </summary>
    public int ConnectTimeoutSeconds { get; set; } = 1;

    /// <summary>Npgsql command timeout (seconds) on the request path; it replaces the connection string's. See <see cref="ConnectTimeoutSeconds"/>.</summary>
    public int CommandTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// Command timeout (seconds) of bulk work — imports, whose single statements cover thousands of rows and may take
    /// longer than a request's <see cref="CommandTimeoutSeconds"/>. An outage still ends such work within seconds: it is
    /// cancelled as soon as the database stops being available (<see cref="SharedDatabase.RunBulkAsync{T}"/>).
    /// </summary>
    public int BulkCommandTimeoutSeconds { get; set; } = 300;

    /// <summary>Connect and command timeout (seconds) of test-connection and configure, where an admin waits for the answer.</summary>
    public int InstallationTimeoutSeconds { get; set; } = 15;

    /// <summary>Statements kept prepared per connection (Npgsql <c>Max Auto Prepare</c>); 0 turns automatic preparation off.</summary>
    public int MaxAutoPrepare { get; set; } = 100;

    /// <summary>Idle connections are pinged this often (seconds) so a dead server is found before a request needs it.</summary>
    public int KeepAliveSeconds { get; set; } = 5;

    /// <summary>How long a configure or a reconnect waits for another instance's migration lock.</summary>
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one migration script may run.</summary>
    public int MigrationCommandTimeoutSeconds { get; set; } = 120;
}
