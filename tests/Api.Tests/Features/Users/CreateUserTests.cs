using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class CreateUserTests
{
    [Fact]
    public async Task A_user_manager_creates_an_account_with_roles_that_can_sign_in()
    {
        await using var team = await TeamInstance.StartAsync();

        var response = await team.Admin.PostJson("/api/v1/users",
            new { username = "Alice", email = "Alice@Example.test", password = TeamInstance.MemberPassword, displayName = "Alice A.", roles = new[] { "Editor", "viewer" } });

        var body = await response.ShouldBe(HttpStatusCode.Created);
        var user = body["user"]!;
        var id = (string)user["id"]!;
        Assert.Equal($"/api/v1/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("Alice", (string?)user["username"]);
        Assert.Equal("Alice@Example.test", (string?)user["email"]);
        Assert.Equal("Alice A.", (string?)user["displayName"]);
        Assert.Equal("team", (string?)user["realm"]);
        Assert.True((bool)user["isActive"]!);
        Assert.Equal(1, (int)user["version"]!);
        Assert.Equal(["editor", "viewer"], user["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("scripts:write", user["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.Null(user["password"]);
        Assert.Null(user["passwordHash"]);

        var row = await UserRow.ReadAsync(team, id);
        Assert.Equal(("Alice", "Alice@Example.test", "Alice A.", true, 1), (row.Username, row.Email, row.DisplayName, row.IsActive, row.Version));
        Assert.DoesNotContain(TeamInstance.MemberPassword, row.PasswordHash);
        var me = await (await (await team.Api.SignInTeamAsync("alice", TeamInstance.MemberPassword)).GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(id, (string?)me["user"]!["id"]);
    }

    [Fact]
    public async Task Creating_an_account_is_audited_without_the_password()
    {
        await using var team = await TeamInstance.StartAsync();

        var id = await team.CreateUserAsync("bob", "viewer");

        var entry = Assert.Single(await team.UserAuditAsync());
        Assert.Equal(("user.created", "admin", "user", id), (entry.Action, entry.ActorUsername, entry.ResourceType, entry.ResourceId));
        Assert.Null(entry.Before);
        Assert.Contains("\"username\": \"bob\"", entry.After);
        Assert.Contains("\"email\": \"bob@example.test\"", entry.After);
        Assert.Contains("\"displayName\": \"bob\"", entry.After);
        Assert.Contains("\"roles\": [\"viewer\"]", entry.After);
        var payloads = await team.AllAuditPayloadsAsync();
        Assert.DoesNotContain("passphrase", payloads);
        Assert.DoesNotContain("password", payloads, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", payloads);
    }

    [Fact]
    public async Task The_display_name_defaults_to_the_username_and_no_roles_is_allowed()
    {
        await using var team = await TeamInstance.StartAsync();

        var user = (await (await team.Admin.PostJson("/api/v1/users", new { username = "carol", email = "carol@example.test", password = TeamInstance.MemberPassword, roles = Array.Empty<string>() }))
            .ShouldBe(HttpStatusCode.Created))["user"]!;

        Assert.Equal("carol", (string?)user["displayName"]);
        Assert.Empty(user["roles"]!.AsArray());
        Assert.Empty(user["permissions"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_role_is_a_validation_error_on_roles_and_creates_nothing()
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.PostJson("/api/v1/users", new { username = "dave", email = "dave@example.test", password = TeamInstance.MemberPassword, roles = new[] { "viewer", "wizard" } }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal("roles", (string?)error!["field"]);
        Assert.Contains("wizard", (string?)error["message"]);
        await using var sql = await team.OpenAsync();
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users WHERE username = 'dave'"));
        Assert.Empty(await team.UserAuditAsync());
    }

    [Fact]
    public async Task Invalid_input_names_each_field()
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.PostJson("/api/v1/users", new { username = "x", email = "not-an-email", password = "short" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(["email", "password", "roles", "username"], problem["errors"]!.AsArray().Select(e => (string?)e!["field"]).Distinct().Order());
    }

    [Theory]
    [InlineData("ADMIN", "someone@example.test")]
    [InlineData("someone", "ADMIN@example.TEST")]
    public async Task A_taken_username_or_email_is_a_conflict_whatever_its_case(string username, string email)
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.PostJson("/api/v1/users", new { username, email, password = TeamInstance.MemberPassword, roles = new[] { "viewer" } }))
            .ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        await using var sql = await team.OpenAsync();
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM user_roles"));
        Assert.Empty(await team.UserAuditAsync());
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized()
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Api.CreateClient().PostJson("/api/v1/users", new { username = "eve", email = "eve@example.test", password = TeamInstance.MemberPassword, roles = new[] { "viewer" } }))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_team_user_without_users_manage_is_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        var problem = await (await viewer.PostJson("/api/v1/users", new { username = "eve", email = "eve@example.test", password = TeamInstance.MemberPassword, roles = new[] { "viewer" } }))
            .ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("users:manage", (string?)problem["detail"]);
        await using var sql = await team.OpenAsync();
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users WHERE username = 'eve'"));
    }

    [Fact]
    public async Task A_user_manager_cannot_grant_permissions_it_does_not_hold()
    {
        await using var team = await TeamInstance.StartAsync();
        var helpdesk = await team.SignInUserManagerAsync();
        await team.InsertRoleAsync("reader", "users:read");

        await (await helpdesk.PostJson("/api/v1/users", new { username = "fred", email = "fred@example.test", password = TeamInstance.MemberPassword, roles = new[] { "reader" } }))
            .ShouldBe(HttpStatusCode.Created);
        var problem = await (await helpdesk.PostJson("/api/v1/users", new { username = "mallory", email = "mallory@example.test", password = TeamInstance.MemberPassword, roles = new[] { "admin" } }))
            .ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("rbac:manage", (string?)problem["detail"]);
        await using var sql = await team.OpenAsync();
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users WHERE username = 'mallory'"));
    }
}
