using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class SessionTests
{
    [Fact]
    public async Task A_request_without_a_token_is_unauthorized()
    {
        using var api = new ApiFactory();
        await (await api.CreateClient().GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_unknown_token_is_unauthorized()
    {
        using var api = new ApiFactory();
        await api.CreateOwner();
        var response = await api.CreateClient().WithToken("made-up-token").GetAsync("/api/v1/auth/me");
        await response.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_expired_access_token_is_reported_as_expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task An_expired_access_token_is_renewed_by_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(clock: clock);
        var (_, setup) = await api.CreateOwner();
        clock.Advance(TimeSpan.FromMinutes(16));

        var refreshed = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)setup["refreshToken"]! }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.NotEqual((string?)setup["accessToken"], (string?)refreshed["accessToken"]);
        Assert.NotEqual((string?)setup["refreshToken"], (string?)refreshed["refreshToken"]);
        await (await api.CreateClient().WithToken((string)refreshed["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().WithToken((string)setup["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task An_idle_session_expires_and_cannot_be_refreshed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Auth:SessionIdleTimeout"] = "00:30:00" }, clock: clock);
        var (client, setup) = await api.CreateOwner();

        clock.Advance(TimeSpan.FromMinutes(31));

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "TOKEN_EXPIRED");
        var refresh = await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)setup["refreshToken"]! });
        await refresh.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_the_session()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(clock: clock);
        var (_, setup) = await api.CreateOwner();
        var first = (string)setup["refreshToken"]!;
        var rotated = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = first })).ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(10)); // the grace period (10 s by default) is over

        var replay = await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = first });

        await replay.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().WithToken((string)rotated["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized);
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)rotated["refreshToken"]! })).ShouldBe(HttpStatusCode.Unauthorized);
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_sessions WHERE revoked_at IS NULL"));
    }

    [Fact]
    public async Task Logout_revokes_both_tokens_of_the_session()
    {
        using var api = new ApiFactory();
        var (client, setup) = await api.CreateOwner();

        await (await client.PostAsync("/api/v1/auth/logout", null)).ShouldBe(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)setup["refreshToken"]! }))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_sessions WHERE revoked_at IS NOT NULL"));
    }

    [Fact]
    public async Task Logout_leaves_the_owners_other_sessions_alone()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner("alice");
        var other = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.OK);

        await (await client.PostAsync("/api/v1/auth/logout", null)).ShouldBe(HttpStatusCode.NoContent);

        await (await api.CreateClient().WithToken((string)other["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
    }
}
