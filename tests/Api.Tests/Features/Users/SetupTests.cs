using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class SetupTests
{
    [Fact]
    public async Task A_fresh_installation_needs_setup_in_solo_mode()
    {
        using var api = new ApiFactory();
        var status = await (await api.CreateClient().GetAsync("/api/v1/setup/status")).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)status["needsSetup"]!);
        Assert.Equal("solo", (string?)status["mode"]);
    }

    [Fact]
    public async Task Setup_creates_the_owner_signs_it_in_and_shows_a_recovery_key()
    {
        using var api = new ApiFactory();
        var (client, setup) = await api.CreateOwner("alice");

        Assert.Equal("alice", (string?)setup["user"]!["username"]);
        Assert.Equal("local", (string?)setup["user"]!["realm"]);
        Assert.Equal(900, (int)setup["expiresIn"]!);
        Assert.Matches("^([A-Z2-9]{5}-){7}[A-Z2-9]{5}$", (string?)setup["recoveryKey"]);
        var me = await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("alice", (string?)me["user"]!["username"]);
        Assert.False((bool)(await (await client.GetAsync("/api/v1/setup/status")).ReadJson())["needsSetup"]!);

        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        var stored = await db.QuerySingleAsync<(string PasswordHash, string RecoveryKeyHash)>("SELECT password_hash, recovery_key_hash FROM local_users");
        Assert.DoesNotContain(Http.OwnerPassword, stored.PasswordHash, StringComparison.Ordinal);
        Assert.NotEqual((string?)setup["recoveryKey"], stored.RecoveryKeyHash);
        var tokenHashes = await db.QuerySingleAsync<(string Access, string Refresh)>("SELECT access_token_hash, refresh_token_hash FROM local_sessions");
        Assert.NotEqual((string?)setup["accessToken"], tokenHashes.Access);
        Assert.NotEqual((string?)setup["refreshToken"], tokenHashes.Refresh);
    }

    [Fact]
    public async Task Setup_a_second_time_is_refused_and_keeps_the_first_owner()
    {
        using var api = new ApiFactory();
        await api.CreateOwner("alice");

        var again = await api.CreateClient().PostJson("/api/v1/setup", new { username = "mallory", email = "m@example.test", password = "another long password" });
        await again.ShouldBe(HttpStatusCode.Conflict, "SETUP_ALREADY_COMPLETE");

        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(["alice"], await db.QueryAsync<string>("SELECT username FROM local_users"));
    }

    [Fact]
    public async Task Setup_with_invalid_fields_names_each_field()
    {
        using var api = new ApiFactory();
        var response = await api.CreateClient().PostJson("/api/v1/setup", new { username = "x", email = "not-an-email", password = "short" });
        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var fields = problem["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToHashSet();
        Assert.Equal(new HashSet<string?> { "username", "email", "password" }, fields);
        Assert.True((bool)(await (await api.CreateClient().GetAsync("/api/v1/setup/status")).ReadJson())["needsSetup"]!);
    }
}
