using System.Net;
using Microsoft.Extensions.Time.Testing;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

/// <summary>
/// The original web client refreshes from every request that met a 401 <c>TOKEN_EXPIRED</c>, so one refresh token arrives
/// several times at once (contract §14): within the grace period each gets the pair the first one got; after it, a
/// reuse is a stolen token again and revokes the session.
/// </summary>
public sealed class RefreshGraceTests
{
    [Fact]
    public async Task A_refresh_token_presented_again_within_the_grace_period_gets_the_same_pair()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(clock: clock);
        var (_, setup) = await api.CreateOwner();
        var token = (string)setup["refreshToken"]!;

        var first = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromSeconds(9));
        var again = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal((string?)first["accessToken"], (string?)again["accessToken"]);
        Assert.Equal((string?)first["refreshToken"], (string?)again["refreshToken"]);
        Assert.Equal("owner", (string?)again["user"]!["username"]);
        await (await api.CreateClient().WithToken((string)again["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        // The successor is a live refresh token, and the grace is no way back to the one before it.
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)again["refreshToken"]! })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_the_grace_period_a_reuse_still_revokes_the_session()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var api = new ApiFactory(clock: clock);
        var (_, setup) = await api.CreateOwner();
        var token = (string)setup["refreshToken"]!;
        var first = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromSeconds(10));
        var late = await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token });

        await late.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().WithToken((string)first["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = (string)first["refreshToken"]! })).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_session_gets_nothing_within_the_grace_period()
    {
        using var api = new ApiFactory();
        var (_, setup) = await api.CreateOwner();
        var token = (string)setup["refreshToken"]!;
        var first = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().WithToken((string)first["accessToken"]!).PostAsync("/api/v1/auth/logout", null)).ShouldBe(HttpStatusCode.NoContent);

        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Parallel_refreshes_with_one_token_all_get_one_pair_and_the_session_lives()
    {
        using var api = new ApiFactory();
        var (_, setup) = await api.CreateOwner();
        var token = (string)setup["refreshToken"]!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK)));

        Assert.Single(answers.Select(a => (string?)a["accessToken"]).Distinct());
        Assert.Single(answers.Select(a => (string?)a["refreshToken"]).Distinct());
        await (await api.CreateClient().WithToken((string)answers[0]["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_team_token_refreshed_on_one_instance_and_again_on_another_gets_the_same_pair()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        var login = await (await team.Api.CreateClient().PostJson("/api/v1/auth/login", new { username = TeamMode.AdminUsername, password = TeamMode.AdminPassword }))
            .ShouldBe(HttpStatusCode.OK);
        var token = (string)login["refreshToken"]!;

        var here = await (await team.Api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);
        var there = await (await other.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal((string?)here["accessToken"], (string?)there["accessToken"]);
        Assert.Equal((string?)here["refreshToken"], (string?)there["refreshToken"]);
        await (await other.CreateClient().WithToken((string)there["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_team_token_reused_after_the_grace_period_revokes_the_session_on_every_instance()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Auth:RefreshGracePeriod"] = "00:00:00" });
        await api.ConfigureAsync(pg.ConnectionString);
        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = TeamMode.AdminUsername, password = TeamMode.AdminPassword }))
            .ShouldBe(HttpStatusCode.OK);
        var token = (string)login["refreshToken"]!;
        var rotated = await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.OK);

        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = token })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        await (await api.CreateClient().WithToken((string)rotated["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
