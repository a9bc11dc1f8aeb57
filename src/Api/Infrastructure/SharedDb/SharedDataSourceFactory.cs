using Microsoft.Extensions.Options;
using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Builds every <see cref="NpgsqlDataSource"/> the API opens shared-database connections from — the installed ones in
/// <see cref="SharedDatabase"/> (requests and bulk work), and the short-lived ones of test-connection and configure — with the timeouts that keep
/// requests from hanging (docs/operations.md, "Npgsql settings"). They replace whatever the connection string says.
/// </summary>
public sealed class SharedDataSourceFactory(IOptions<SharedDbOptions> options)
{
    /// <summary>For the installed database: short timeouts, so no request hangs through an outage.</summary>
    public NpgsqlDataSource Create(SharedConnectionTarget target) =>
        Build(target, options.Value.ConnectTimeoutSeconds, options.Value.CommandTimeoutSeconds);

    /// <summary>For bulk work on the installed database (imports): the request path's connect timeout, a long command timeout.</summary>
    public NpgsqlDataSource CreateForBulk(SharedConnectionTarget target) =>
        Build(target, options.Value.ConnectTimeoutSeconds, options.Value.BulkCommandTimeoutSeconds);

    /// <summary>
    /// For test-connection and configure: an admin waits for this one answer, so a slow first connect (TLS over a VPN, a
    /// busy server) gets <see cref="SharedDbOptions.InstallationTimeoutSeconds"/> instead of a false "did not answer".
    /// </summary>
    public NpgsqlDataSource CreateForInstallation(SharedConnectionTarget target) =>
        Build(target, options.Value.InstallationTimeoutSeconds, options.Value.InstallationTimeoutSeconds);

    NpgsqlDataSource Build(SharedConnectionTarget target, int connectTimeoutSeconds, int commandTimeoutSeconds)
    {
        var values = options.Value;
        var builder = new NpgsqlDataSourceBuilder(target.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Timeout = connectTimeoutSeconds;
        settings.CommandTimeout = commandTimeoutSeconds;
        settings.CancellationTimeout = 500;
        settings.KeepAlive = values.KeepAliveSeconds;
        settings.TcpKeepAlive = true;
        settings.TcpKeepAliveTime = values.KeepAliveSeconds;
        settings.TcpKeepAliveInterval = 1;
        settings.IncludeErrorDetail = false;
        settings.LogParameters = false;
        settings.ApplicationName = "WorkspaceOrganizer";
        // A statement run twice on a connection is prepared on the server: the list endpoints run several small statements
        // per request, and planning each anew cost more than running it (docs/benchmarks.md, script library). All SQL names
        // its columns, so a prepared statement survives another instance's migration (PostgreSQL re-plans it).
        settings.MaxAutoPrepare = values.MaxAutoPrepare;
        settings.AutoPrepareMinUsages = 2;
        return builder.Build();
    }
}
