using Microsoft.Extensions.Options;
using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Builds every <see cref="NpgsqlDataSource"/> the API opens shared-database connections from — the installed one in
/// <see cref="SharedDatabase"/>, and the short-lived ones of test-connection and configure — with the timeouts that keep
/// requests from hanging (docs/operations.md, "Npgsql settings"). They replace whatever the connection string says.
/// </summary>
public sealed class SharedDataSourceFactory(IOptions<SharedDbOptions> options)
{
    public NpgsqlDataSource Create(SharedConnectionTarget target)
    {
        var values = options.Value;
        var builder = new NpgsqlDataSourceBuilder(target.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Timeout = values.ConnectTimeoutSeconds;
        settings.CommandTimeout = values.CommandTimeoutSeconds;
        settings.CancellationTimeout = 500;
        settings.KeepAlive = values.KeepAliveSeconds;
        settings.TcpKeepAlive = true;
        settings.TcpKeepAliveTime = values.KeepAliveSeconds;
        settings.TcpKeepAliveInterval = 1;
        settings.IncludeErrorDetail = false;
        settings.LogParameters = false;
        settings.ApplicationName = "WorkspaceOrganizer";
        return builder.Build();
    }
}
