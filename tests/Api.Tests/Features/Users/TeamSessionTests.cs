using System.Net;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class TeamSessionTests
{
    [Fact]
    public async Task Team_sign_in_is_the_default_in_shared_mode_and_is_audited_with_the_session()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);

        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "ADMIN", password = TeamMode.AdminPassword })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("team", (string?)login["user"]!["realm"]);
        Assert.Equal("shared", (string?)login["mode"]);
        Assert.Contains("rbac:manage", login["user"]!["permissions"]!.AsArray().Select(p => (string?)p));
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        var sessionId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM team_sessions");
        Assert.Equal(sessionId, await sql.ExecuteScalarAsync<string>("SELECT resource_id FROM audit_log WHERE action = 'auth.login'"));
    }

    [Fact]
    public async Task A_failed_team_sign_in_is_audited_and_opens_no_session()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);

        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "admin", password = "wrong passphrase" })).ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");

        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_sessions"));
        var after = await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'auth.login_failed'");
        Assert.Contains("wrong_password", after);
        Assert.DoesNotContain("wrong passphrase", after);
    }

    [Fact]
    public async Task Team_refresh_rotates_and_logout_revokes_with_an_audit_entry()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "admin", password = TeamMode.AdminPassword })).ShouldBe(HttpStatusCode.OK);

        var refreshed = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)login["refreshToken"]! })).ShouldBe(HttpStatusCode.OK);
        var client = api.CreateClient().WithToken((string)refreshed["accessToken"]!);
        var me = await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await client.PostAsync("/api/v1/auth/logout", null)).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal("admin", (string?)me["user"]!["username"]);
        Assert.Equal(["admin"], me["user"]!["roles"]!.AsArray().Select(r => (string?)r));
        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)login["refreshToken"]! })).ShouldBe(HttpStatusCode.Unauthorized);
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'auth.logout'"));
    }

    [Fact]
    public async Task A_session_revoked_on_one_instance_is_refused_by_another()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var a = new ApiFactory();
        await a.ConfigureAsync(pg.ConnectionString);
        using var b = new ApiFactory();
        var (ownerB, _) = await b.CreateOwner();
        await (await ownerB.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString, withAdmin: false))).ShouldBe(HttpStatusCode.OK);
        var onA = await a.SignInTeamAsync();
        var token = onA.DefaultRequestHeaders.Authorization!.Parameter!;
        var onB = b.CreateClient().WithToken(token);
        await (await onB.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);

        await (await onA.PostAsync("/api/v1/auth/logout", null)).ShouldBe(HttpStatusCode.NoContent);

        await (await onB.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_deactivated_team_account_is_refused_on_its_next_request()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        var admin = await api.SignInTeamAsync();
        await (await admin.PostJson("/api/v1/users", new { username = "member", email = "member@example.test", password = "member passphrase 1", roles = new[] { "viewer" } }))
            .ShouldBe(HttpStatusCode.Created);
        var member = await api.SignInTeamAsync("member", "member passphrase 1");

        // Straight in the database: the sessions themselves are not revoked, the account's state alone must stop them.
        await using (var sql = new NpgsqlConnection(pg.ConnectionString))
            await sql.ExecuteAsync("UPDATE team_users SET is_active = false WHERE username = 'member'");

        await (await member.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "member", password = "member passphrase 1" })).ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task A_team_password_change_revokes_the_other_sessions_and_is_audited()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        var first = await api.SignInTeamAsync();
        var second = await api.SignInTeamAsync();

        await (await first.PostJson("/api/v1/auth/change-password", new { currentPassword = TeamMode.AdminPassword, newPassword = "a new admin passphrase" })).ShouldBe(HttpStatusCode.OK);

        await (await first.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await second.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized);
        await api.SignInTeamAsync(password: "a new admin passphrase");
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'auth.password_changed'"));
        Assert.DoesNotContain("passphrase", await sql.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(coalesce(before::text,'') || coalesce(after::text,''), ''), '') FROM audit_log"));
    }

    [Fact]
    public async Task The_local_owner_keeps_working_while_the_shared_database_is_unreachable()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["SharedDb:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=team;Username=nobody" });
        var (owner, setup) = await api.CreateOwner();
        await api.WaitForStateAsync("unavailable", TimeSpan.FromSeconds(5));

        await (await owner.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await owner.PostJson("/api/v1/workspaces", new { name = "Offline", rootPath = "/srv/offline" })).ShouldBe(HttpStatusCode.Created);
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)setup["refreshToken"]! })).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().WithToken("some-team-token").GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.ServiceUnavailable, "SHARED_DB_UNAVAILABLE");
    }
}
