using System.Net;
using Microsoft.Extensions.Time.Testing;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

/// <summary>
/// What the original web client (apps/web of andres-sumihe/workspace-organizer) sends for setup, sign-in and its
/// settings page, and what it reads back (contract §14). Each request is the one that client builds.
/// </summary>
public sealed class OriginalClientTests
{
    [Fact]
    public async Task Setup_create_account_signs_the_owner_in_through_auth_and_shows_the_recovery_key()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();

        // pages/setup-page.tsx: POST /api/v1/setup/create-account {username, email, password, displayName}; reads
        // data.auth.accessToken, data.auth.refreshToken and data.recoveryKey.
        var created = await (await client.PostJson("/api/v1/setup/create-account",
            new { username = "alice", email = "alice@example.test", password = Http.OwnerPassword, displayName = "Alice" })).ShouldBe(HttpStatusCode.Created);

        var access = (string)created["auth"]!["accessToken"]!;
        Assert.Equal((string?)created["accessToken"], access);
        Assert.False(string.IsNullOrEmpty((string?)created["auth"]!["refreshToken"]));
        Assert.Equal("solo", (string?)created["auth"]!["mode"]);
        Assert.Equal("alice", (string?)created["auth"]!["user"]!["username"]);
        Assert.Matches("^[A-Z2-9]{5}(-[A-Z2-9]{5}){7}$", (string)created["recoveryKey"]!);
        var me = await (await api.CreateClient().WithToken(access).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Alice", (string?)me["user"]!["displayName"]);
        // The alias is the same endpoint: a second owner is refused the same way through either route.
        await (await client.PostJson("/api/v1/setup", new { username = "bob", email = "bob@example.test", password = Http.OwnerPassword }))
            .ShouldBe(HttpStatusCode.Conflict, "SETUP_ALREADY_COMPLETE");
    }

    [Fact]
    public async Task A_400_names_the_first_failing_field_and_why_in_message_and_detail()
    {
        using var api = new ApiFactory();

        // Every page of the client shows data.message of a failed call.
        var problem = await (await api.CreateClient().PostJson("/api/v1/setup/create-account", new { username = "", email = "not-an-address", password = "short" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var errors = problem["errors"]!.AsArray();
        Assert.Equal("username", (string?)errors[0]!["field"]);
        Assert.Equal($"username: must not be empty. (and {errors.Count - 1} more)", (string?)problem["message"]);
        Assert.Equal((string?)problem["message"], (string?)problem["detail"]);
        Assert.True(errors.Count >= 3);

        // A rule's message that starts with the member's name does not say it twice.
        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = "whatever it is", realm = "elsewhere" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("realm: is 'local' or 'team'.", (string?)login["message"]);
    }

    [Fact]
    public async Task Setup_status_says_whether_shared_mode_is_on()
    {
        using var solo = new ApiFactory();
        // contexts/mode-context.tsx: GET /api/v1/setup/status, reads sharedEnabled.
        var status = await (await solo.CreateClient().GetAsync("/api/v1/setup/status")).ShouldBe(HttpStatusCode.OK);
        Assert.False((bool)status["sharedEnabled"]!);
        Assert.Equal("solo", (string?)status["mode"]);

        await using var team = await TeamInstance.StartAsync();
        var shared = await (await team.Api.CreateClient().GetAsync("/api/v1/setup/status")).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)shared["sharedEnabled"]!);
        Assert.Equal("shared", (string?)shared["mode"]);
    }

    [Fact]
    public async Task Login_without_a_realm_in_shared_mode_opens_the_team_account_first_and_else_the_local_owner()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.AddMemberAsync("owner", "viewer");
        var client = team.Api.CreateClient();

        // contexts/auth-context.tsx: POST /api/v1/auth/login {username, password}, no realm; reads accessToken, user, mode.
        var asOwner = await (await client.PostJson("/api/v1/auth/login", new { username = "owner", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.OK);
        var asMember = await (await client.PostJson("/api/v1/auth/login", new { username = "owner", password = TeamInstance.MemberPassword })).ShouldBe(HttpStatusCode.OK);
        var asAdmin = await (await client.PostJson("/api/v1/auth/login", new { username = TeamMode.AdminUsername, password = TeamMode.AdminPassword })).ShouldBe(HttpStatusCode.OK);
        var neither = await client.PostJson("/api/v1/auth/login", new { username = "owner", password = "not the passphrase at all" });
        var nobody = await client.PostJson("/api/v1/auth/login", new { username = "nobody", password = "not the passphrase at all" });

        Assert.Equal("local", (string?)asOwner["user"]!["realm"]);
        Assert.Equal("shared", (string?)asOwner["mode"]);
        Assert.Equal("team", (string?)asMember["user"]!["realm"]);
        Assert.Equal("team", (string?)asAdmin["user"]!["realm"]);
        var wrong = await neither.ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        var unknown = await nobody.ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.Equal((string?)wrong["message"], (string?)unknown["message"]);
        var me = await (await team.Api.CreateClient().WithToken((string)asOwner["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("local", (string?)me["user"]!["realm"]);
        // Asking for a realm still confines the sign-in to it.
        await (await client.PostJson("/api/v1/auth/login", new { username = "owner", password = Http.OwnerPassword, realm = "team" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Me_carries_the_permissions_at_the_top()
    {
        await using var team = await TeamInstance.StartAsync();

        // contexts/auth-context.tsx: GET /api/v1/auth/me, reads data.user, data.permissions, data.mode.
        var me = await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);

        var permissions = me["permissions"]!.AsArray().Select(p => (string?)p).ToArray();
        Assert.Contains("rbac:manage", permissions);
        Assert.Equal(me["user"]!["permissions"]!.AsArray().Select(p => (string?)p), permissions);
    }

    [Fact]
    public async Task Session_config_is_read_by_anyone_and_changed_by_the_local_owner_only()
    {
        await using var team = await TeamInstance.StartAsync();
        var anonymous = team.Api.CreateClient();

        // contexts/auth-context.tsx: GET /api/v1/auth/session-config without a token.
        var initial = await (await anonymous.GetAsync("/api/v1/auth/session-config")).ShouldBe(HttpStatusCode.OK);
        Assert.False((bool)initial["enableSessionLock"]!);
        Assert.Equal(720, (int)initial["idleTimeoutMinutes"]!);
        // Its lock timer reads inactivityTimeoutMinutes.
        Assert.Equal(720, (int)initial["inactivityTimeoutMinutes"]!);
        Assert.Equal(60, (int)initial["heartbeatIntervalSeconds"]!);

        // pages/settings-page.tsx: POST /api/v1/auth/session-config {enableSessionLock}; reads data.success, data.message.
        var on = await (await team.Owner.PostJson("/api/v1/auth/session-config", new { enableSessionLock = true })).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)on["success"]!);
        Assert.True((bool)on["enableSessionLock"]!);
        Assert.True((bool)(await (await anonymous.GetAsync("/api/v1/auth/session-config")).ShouldBe(HttpStatusCode.OK))["enableSessionLock"]!);

        await (await team.Admin.PostJson("/api/v1/auth/session-config", new { enableSessionLock = false })).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await anonymous.PostJson("/api/v1/auth/session-config", new { enableSessionLock = false })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var missing = await (await team.Owner.PostJson("/api/v1/auth/session-config", new { })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.StartsWith("enableSessionLock: ", (string)missing["message"]!);
        Assert.True((bool)(await (await anonymous.GetAsync("/api/v1/auth/session-config")).ShouldBe(HttpStatusCode.OK))["enableSessionLock"]!);
    }

    [Fact]
    public async Task Heartbeat_answers_204_while_the_session_stands_and_session_expired_once_it_is_idle()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Auth:SessionIdleTimeout"] = "00:30:00" }, clock: clock);
        var (client, _) = await api.CreateOwner();

        // contexts/auth-context.tsx: POST /api/v1/auth/heartbeat with the bearer token; on 401 reads data.code === 'SESSION_EXPIRED'.
        await (await client.PostAsync("/api/v1/auth/heartbeat", null)).ShouldBe(HttpStatusCode.NoContent);
        clock.Advance(TimeSpan.FromMinutes(20));
        // The access token is over, the session is not: refreshable, so no lock.
        await (await client.PostAsync("/api/v1/auth/heartbeat", null)).ShouldBe(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        clock.Advance(TimeSpan.FromMinutes(11));

        await (await client.PostAsync("/api/v1/auth/heartbeat", null)).ShouldBe(HttpStatusCode.Unauthorized, "SESSION_EXPIRED");
        // Every other endpoint keeps the contract's code for the same session.
        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Generate_recovery_key_replaces_the_owners_key_and_the_old_one_stops_working()
    {
        using var api = new ApiFactory();
        var (client, setup) = await api.CreateOwner();
        var setupKey = (string)setup["recoveryKey"]!;

        // pages/settings-page.tsx: POST /api/v1/auth/generate-recovery-key, no body; reads data.success, data.recoveryKey.
        var generated = await (await client.PostAsync("/api/v1/auth/generate-recovery-key", null)).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)generated["success"]!);
        var newKey = (string)generated["recoveryKey"]!;
        Assert.NotEqual(setupKey, newKey);

        var anonymous = api.CreateClient();
        await (await anonymous.PostJson("/api/v1/auth/reset-password", new { username = "owner", recoveryKey = setupKey, newPassword = "a brand new passphrase" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await (await anonymous.PostJson("/api/v1/auth/reset-password", new { username = "owner", recoveryKey = newKey, newPassword = "a brand new passphrase" }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(api.LogLines, line => line.Contains(newKey, StringComparison.Ordinal));
        Assert.Contains(api.LogLines, line => line.Contains("generated a new recovery key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Change_password_answers_success_and_a_message()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        // pages/settings-page.tsx: POST /api/v1/auth/change-password {currentPassword, newPassword}; reads data.success, data.message.
        var changed = await (await client.PostJson("/api/v1/auth/change-password", new { currentPassword = Http.OwnerPassword, newPassword = "another long passphrase" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.True((bool)changed["success"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)changed["message"]));
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "owner", password = "another long passphrase" })).ShouldBe(HttpStatusCode.OK);
        var wrong = await (await client.PostJson("/api/v1/auth/change-password", new { currentPassword = "not it at all", newPassword = "yet another passphrase" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("currentPassword: The current password is incorrect.", (string?)wrong["message"]);
    }
}
