using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class DeactivateUserTests
{
    [Fact]
    public async Task Deleting_an_account_deactivates_it_keeps_the_row_revokes_its_sessions_and_is_audited()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "editor");
        var bob = await team.SignInAsync("bob");
        await (await bob.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);

        await (await team.Admin.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

        var row = await UserRow.ReadAsync(team, id);
        Assert.False(row.IsActive);
        Assert.Equal(2, row.Version);
        await using (var sql = await team.OpenAsync())
        {
            Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_sessions WHERE user_id = @Id::uuid AND revoked_at IS NULL", new { Id = id }));
            Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM user_roles WHERE user_id = @Id::uuid", new { Id = id }));
        }
        await (await bob.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await team.Api.CreateClient().PostJson("/api/v1/auth/login", new { username = "bob", password = TeamInstance.MemberPassword })).ShouldBe(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        var user = (await (await team.Admin.GetAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.OK))["user"]!;
        Assert.False((bool)user["isActive"]!);
        var entry = (await team.UserAuditAsync()).Last();
        Assert.Equal(("user.deactivated", "admin", "user", id), (entry.Action, entry.ActorUsername, entry.ResourceType, entry.ResourceId));
        Assert.Equal("{\"isActive\": true}", entry.Before);
        Assert.Equal("{\"isActive\": false}", entry.After);
    }

    [Fact]
    public async Task Deleting_an_inactive_account_again_changes_and_audits_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        await (await team.Admin.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

        await (await team.Admin.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(2, (await UserRow.ReadAsync(team, id)).Version);
        Assert.Single(await team.UserAuditAsync(), e => e.Action == "user.deactivated");
    }

    [Fact]
    public async Task Nobody_deactivates_themselves()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateUserAsync("admin2", "admin");
        var adminId = await team.AdminIdAsync();

        var problem = await (await team.Admin.DeleteAsync($"/api/v1/users/{adminId}")).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        Assert.Contains("your own account", (string?)problem["detail"]);
        var row = await UserRow.ReadAsync(team, adminId);
        Assert.True(row.IsActive);
        Assert.Equal(1, row.Version);
        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(await team.UserAuditAsync(), e => e.Action == "user.deactivated");
    }

    [Fact]
    public async Task The_last_active_holder_of_rbac_manage_cannot_be_deactivated()
    {
        await using var team = await TeamInstance.StartAsync();
        var helpdesk = await team.SignInUserManagerAsync();
        var adminId = await team.AdminIdAsync();

        var problem = await (await helpdesk.DeleteAsync($"/api/v1/users/{adminId}")).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        Assert.Contains("rbac:manage", (string?)problem["detail"]);
        var row = await UserRow.ReadAsync(team, adminId);
        Assert.True(row.IsActive);
        Assert.Equal(1, row.Version);
        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(await team.UserAuditAsync(), e => e.Action == "user.deactivated");
    }

    [Fact]
    public async Task With_another_active_admin_an_admin_can_be_deactivated()
    {
        await using var team = await TeamInstance.StartAsync();
        var helpdesk = await team.SignInUserManagerAsync();
        await team.CreateUserAsync("admin2", "admin");
        var adminId = await team.AdminIdAsync();

        await (await helpdesk.DeleteAsync($"/api/v1/users/{adminId}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.False((await UserRow.ReadAsync(team, adminId)).IsActive);
        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_admins_deactivating_each_other_at_once_leave_one_active()
    {
        await using var team = await TeamInstance.StartAsync();
        var admin2Id = await team.CreateUserAsync("admin2", "admin");
        var admin2 = await team.SignInAsync("admin2");
        var adminId = await team.AdminIdAsync();

        var answers = await Task.WhenAll(team.Admin.DeleteAsync($"/api/v1/users/{admin2Id}"), admin2.DeleteAsync($"/api/v1/users/{adminId}"));

        // The second one either passed authentication before the first committed (then the database refuses it at
        // commit: LAST_ADMIN) or after (its session is revoked: 401). Either way exactly one admin is left.
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        var refused = await Assert.Single(answers, a => a.StatusCode != HttpStatusCode.NoContent).Content.ReadAsStringAsync();
        Assert.True(refused.Contains("\"LAST_ADMIN\"", StringComparison.Ordinal) || refused.Contains("\"UNAUTHORIZED\"", StringComparison.Ordinal), refused);
        await using var sql = await team.OpenAsync();
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users WHERE is_active AND username IN ('admin', 'admin2')"));
        Assert.Single(await team.UserAuditAsync(), e => e.Action == "user.deactivated");
    }

    [Fact]
    public async Task A_deactivation_on_one_instance_is_honoured_by_another_at_once()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        var id = await team.CreateUserAsync("bob", "auditor");
        var bobOnOther = await team.SignInAsync("bob", on: other);
        await (await bobOnOther.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.OK);

        await (await team.Admin.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NoContent);

        await (await bobOnOther.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("0190a000-0000-7000-8000-000000000000")]
    [InlineData("nope")]
    public async Task An_unknown_or_malformed_id_is_not_found(string id)
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized_and_without_users_manage_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        await (await team.Api.CreateClient().DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await viewer.DeleteAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.True((await UserRow.ReadAsync(team, id)).IsActive);
    }
}
