using System.Diagnostics;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.TestConnection;

public sealed class Request : ConnectionRequest
{
    internal sealed class Validator : Validator<Request>
    {
        public Validator() => this.ValidateConnection();
    }
}

public sealed record Response(bool Success, string? ServerVersion, long? LatencyMs, string Message);

/// <summary>
/// <c>POST /api/v1/installation/test-connection</c> (the original web client: <c>/team-config/test</c>): tries the database
/// without keeping anything. A failure is an answer (<c>success: false</c> with the reason, never the password), not an error.
/// </summary>
internal sealed class Endpoint(SharedDataSourceFactory dataSources) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        // Full routes rather than the group: its prefix would apply to the alias too.
        Post("/installation/test-connection", "/team-config/test");
        this.ClientAliases("/team-config/test");
        Description(b => b.WithTags(InstallationGroup.Tag));
        this.Allow(Access.Requires(Permission.InstallationManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var target = req.Target();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var dataSource = dataSources.CreateForInstallation(target);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Send.OkAsync(new Response(true, connection.PostgreSqlVersion.ToString(), latency, "Connected."), ct);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or ArgumentException)
        {
            await Send.OkAsync(new Response(false, null, null, SharedDbFailures.Describe(e, target.Password)), ct);
        }
    }
}
