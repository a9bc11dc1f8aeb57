using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class LoginTests
{
    [Fact]
    public async Task The_owner_signs_in_with_username_and_gets_a_working_token_pair()
    {
        using var api = new ApiFactory();
        await api.CreateOwner("alice");

        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal("solo", (string?)login["mode"]);
        Assert.Equal(900, (int)login["expiresIn"]!);
        Assert.Equal("alice", (string?)login["user"]!["username"]);
        Assert.True(((string)login["accessToken"]!).Length >= 43);
        var me = await api.CreateClient().WithToken((string)login["accessToken"]!).GetAsync("/api/v1/auth/me");
        await me.ShouldBe(HttpStatusCode.OK);
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_sessions WHERE revoked_at IS NULL"));
    }

    [Fact]
    public async Task The_owner_may_sign_in_with_the_email_in_any_case()
    {
        using var api = new ApiFactory();
        await api.CreateOwner("alice");

        var login = await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "ALICE@Example.TEST", password = Http.OwnerPassword, realm = "local" });
        await login.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer()
    {
        using var api = new ApiFactory();
        await api.CreateOwner("alice");
        var client = api.CreateClient();

        var wrongPassword = await (await client.PostJson("/api/v1/auth/login", new { username = "alice", password = "not the password" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        var unknownUser = await (await client.PostJson("/api/v1/auth/login", new { username = "bob", password = Http.OwnerPassword }))
            .ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");

        Assert.Equal((string?)wrongPassword["detail"], (string?)unknownUser["detail"]);
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_sessions"));
    }

    [Fact]
    public async Task Too_many_attempts_for_one_account_are_refused_with_retry_after()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Auth:LoginAttemptsPerAccountPerMinute"] = "3" });
        await api.CreateOwner("alice");
        var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await client.PostJson("/api/v1/auth/login", new { username = "alice", password = "wrong password" })).ShouldBe(HttpStatusCode.Unauthorized);

        var limited = await client.PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword });

        await limited.ShouldBe(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a wait");
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_sessions"));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_are_refused_whatever_the_account()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Auth:LoginAttemptsPerAddressPerMinute"] = "2" });
        var client = api.CreateClient();
        await (await client.PostJson("/api/v1/auth/login", new { username = "a1", password = "wrong password" })).ShouldBe(HttpStatusCode.Unauthorized);
        await (await client.PostJson("/api/v1/auth/login", new { username = "a2", password = "wrong password" })).ShouldBe(HttpStatusCode.Unauthorized);

        var limited = await client.PostJson("/api/v1/auth/login", new { username = "a3", password = "wrong password" });

        await limited.ShouldBe(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Team_realm_sign_in_without_a_shared_database_is_not_configured()
    {
        using var api = new ApiFactory();
        await api.CreateOwner("alice");

        var login = await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword, realm = "team" });

        await login.ShouldBe(HttpStatusCode.ServiceUnavailable, "NOT_CONFIGURED");
    }

    [Fact]
    public async Task An_unknown_realm_is_a_validation_error()
    {
        using var api = new ApiFactory();
        var login = await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword, realm = "galaxy" });

        var problem = await login.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("realm", (string?)problem["errors"]![0]!["field"]);
    }
}
