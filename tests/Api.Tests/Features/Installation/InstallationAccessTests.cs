using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Installation;

public sealed class InstallationAccessTests
{
    static string ReadSetupToken(ApiFactory api)
    {
        api.CreateClient().Dispose();
        return File.ReadAllText(Path.Combine(api.DataDirectory, "setup-token")).Trim();
    }

    [Fact]
    public async Task The_setup_token_installs_a_fresh_instance_once()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var token = ReadSetupToken(api);
        Assert.Contains(api.LogLines, l => l.Contains(token, StringComparison.Ordinal));
        var installer = api.CreateClient().WithToken(token);

        await (await installer.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString))).ShouldBe(HttpStatusCode.OK);
        var again = await installer.PostJson("/api/v1/installation/disable", new { });

        await again.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False(File.Exists(Path.Combine(api.DataDirectory, "setup-token")));
        Assert.Equal("shared", (string?)(await (await api.CreateClient().GetAsync("/api/v1/installation/status")).ReadJson())["mode"]);
    }

    [Fact]
    public async Task The_setup_token_stops_working_once_a_local_owner_exists()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var token = ReadSetupToken(api);
        await api.CreateOwner();

        var response = await api.CreateClient().WithToken(token).PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString));

        await response.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False(File.Exists(Path.Combine(api.DataDirectory, "setup-token")));
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM settings"));
    }

    [Fact]
    public async Task The_setup_token_opens_nothing_but_the_installation()
    {
        using var api = new ApiFactory();
        var installer = api.CreateClient().WithToken(ReadSetupToken(api));

        await (await installer.GetAsync("/api/v1/workspaces")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task A_configured_connection_string_makes_configure_and_disable_managed_by_configuration()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using (var installer = new ApiFactory())
            await installer.ConfigureAsync(pg.ConnectionString);
        using var server = new ApiFactory(new Dictionary<string, string?> { ["SharedDb:ConnectionString"] = pg.ConnectionString });
        var (owner, _) = await server.CreateOwner();

        await server.WaitForStateAsync("available", TimeSpan.FromSeconds(10));
        await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString))).ShouldBe(HttpStatusCode.Conflict, "MANAGED_BY_CONFIGURATION");
        await (await owner.PostAsync("/api/v1/installation/disable", null)).ShouldBe(HttpStatusCode.Conflict, "MANAGED_BY_CONFIGURATION");
        await server.SignInTeamAsync();
    }

    [Fact]
    public async Task Start_up_never_waits_for_an_unreachable_configured_shared_database()
    {
        var unreachable = "Host=127.0.0.1;Port=1;Database=team;Username=nobody;Password=unused";
        using var api = new ApiFactory(new Dictionary<string, string?> { ["SharedDb:ConnectionString"] = unreachable });
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (owner, _) = await api.CreateOwner();

        await (await owner.GetAsync("/api/v1/workspaces")).ShouldBe(HttpStatusCode.OK);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"solo features waited {started.Elapsed}");
        await api.WaitForStateAsync("unavailable", TimeSpan.FromSeconds(5));
        await (await api.CreateClient().GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "admin", password = "whatever it is", realm = "team" }))
            .ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");
        var health = await (await api.CreateClient().GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("degraded", (string?)health["status"]);
        await (await api.CreateClient().GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);
    }
}
