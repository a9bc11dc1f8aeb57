using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class PasswordTests
{
    const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task Changing_the_password_revokes_the_other_sessions_but_not_this_one()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner("alice");
        var other = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.OK);

        await (await client.PostJson("/api/v1/auth/change-password", new { currentPassword = Http.OwnerPassword, newPassword = NewPassword }))
            .ShouldBe(HttpStatusCode.OK);

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().WithToken((string)other["accessToken"]!).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = NewPassword })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner("alice");
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        var before = await db.ExecuteScalarAsync<string>("SELECT password_hash FROM local_users");

        var response = await client.PostJson("/api/v1/auth/change-password", new { currentPassword = "not my password", newPassword = NewPassword });

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("currentPassword", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(before, await db.ExecuteScalarAsync<string>("SELECT password_hash FROM local_users"));
    }

    [Fact]
    public async Task A_too_short_new_password_is_refused()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var response = await client.PostJson("/api/v1/auth/change-password", new { currentPassword = Http.OwnerPassword, newPassword = "short" });

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("newPassword", (string?)problem["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task The_recovery_key_resets_the_password_revokes_all_sessions_and_is_replaced()
    {
        using var api = new ApiFactory();
        var (client, setup) = await api.CreateOwner("alice");
        var key = (string)setup["recoveryKey"]!;

        var reset = await (await api.CreateClient().PostJson("/api/v1/auth/reset-password", new { username = "alice", recoveryKey = key.ToLowerInvariant(), newPassword = NewPassword }))
            .ShouldBe(HttpStatusCode.OK);

        var nextKey = (string)reset["recoveryKey"]!;
        Assert.NotEqual(key, nextKey);
        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = NewPassword })).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().PostJson("/api/v1/auth/reset-password", new { username = "alice", recoveryKey = key, newPassword = "yet another passphrase" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await (await api.CreateClient().PostJson("/api/v1/auth/reset-password", new { username = "alice", recoveryKey = nextKey, newPassword = "yet another passphrase" }))
            .ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_recovery_key_changes_nothing()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner("alice");

        var response = await api.CreateClient().PostJson("/api/v1/auth/reset-password", new { username = "alice", recoveryKey = "AAAAA-BBBBB", newPassword = NewPassword });

        await response.ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await (await client.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        await (await api.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.OK);
    }
}
