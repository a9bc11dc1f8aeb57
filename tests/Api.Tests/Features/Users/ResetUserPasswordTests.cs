using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class ResetUserPasswordTests
{
    const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task A_reset_sets_the_password_revokes_every_session_and_is_audited_without_the_secret()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        var first = await team.SignInAsync("bob");
        var second = await team.SignInAsync("bob");
        var hashBefore = (await UserRow.ReadAsync(team, id)).PasswordHash;

        await (await team.Admin.PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.NoContent);

        var row = await UserRow.ReadAsync(team, id);
        Assert.NotEqual(hashBefore, row.PasswordHash);
        Assert.DoesNotContain(NewPassword, row.PasswordHash);
        Assert.Equal(2, row.Version);
        await (await first.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await second.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await using (var sql = await team.OpenAsync())
            Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_sessions WHERE user_id = @Id::uuid AND revoked_at IS NULL", new { Id = id }));
        await (await team.Api.CreateClient().PostJson("/api/v1/auth/login", new { username = "bob", password = TeamInstance.MemberPassword })).ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await team.Api.SignInTeamAsync("bob", NewPassword);
        var entry = (await team.UserAuditAsync()).Last();
        Assert.Equal(("user.password_reset", "admin", "user", id), (entry.Action, entry.ActorUsername, entry.ResourceType, entry.ResourceId));
        Assert.Null(entry.Before);
        Assert.Null(entry.After);
        var payloads = await team.AllAuditPayloadsAsync();
        Assert.DoesNotContain("passphrase", payloads);
        Assert.DoesNotContain(row.PasswordHash, payloads);
    }

    [Fact]
    public async Task A_reset_on_one_instance_is_honoured_by_another_at_once()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        var id = await team.CreateUserAsync("bob", "auditor");
        var bobOnOther = await team.SignInAsync("bob", on: other);
        await (await bobOnOther.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.OK);

        await (await team.Admin.PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.NoContent);

        await (await bobOnOther.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await other.SignInTeamAsync("bob", NewPassword);
    }

    [Fact]
    public async Task Resetting_your_own_password_this_way_signs_you_out_too()
    {
        await using var team = await TeamInstance.StartAsync();
        var adminId = await team.AdminIdAsync();

        await (await team.Admin.PostJson($"/api/v1/users/{adminId}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.NoContent);

        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await team.Api.SignInTeamAsync(TeamMode.AdminUsername, NewPassword);
    }

    [Fact]
    public async Task A_short_password_is_a_validation_error_and_changes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var problem = await (await team.Admin.PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = "short" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("newPassword", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(1, (await UserRow.ReadAsync(team, id)).Version);
        await team.SignInAsync("bob");
    }

    [Theory]
    [InlineData("0190a000-0000-7000-8000-000000000000")]
    [InlineData("nope")]
    public async Task An_unknown_or_malformed_id_is_not_found(string id)
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized_and_without_users_manage_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        await (await team.Api.CreateClient().PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await viewer.PostJson($"/api/v1/users/{id}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        await team.SignInAsync("bob");
    }

    [Fact]
    public async Task A_user_manager_cannot_take_over_an_account_holding_more_than_it_does()
    {
        await using var team = await TeamInstance.StartAsync();
        var helpdesk = await team.SignInUserManagerAsync();
        var adminId = await team.AdminIdAsync();

        var problem = await (await helpdesk.PostJson($"/api/v1/users/{adminId}/reset-password", new { newPassword = NewPassword })).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("rbac:manage", (string?)problem["detail"]);
        Assert.Equal(1, (await UserRow.ReadAsync(team, adminId)).Version);
        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
    }
}
