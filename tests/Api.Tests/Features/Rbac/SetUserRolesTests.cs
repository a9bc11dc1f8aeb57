using System.Net;
using System.Net.Http.Json;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

public sealed class SetUserRolesTests
{
    [Fact]
    public async Task Replacing_a_users_roles_answers_the_user_stores_exactly_those_roles_and_audits_before_and_after()
    {
        await using var team = await TeamInstance.StartAsync();
        var mia = await team.AddMemberAsync("mia", "viewer", "auditor");

        var user = (await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { roles = new[] { "editor", " Viewer", "EDITOR" } }))
            .ShouldBe(HttpStatusCode.OK))["user"]!;

        Assert.Equal((mia, "mia", "mia@example.test", "team", true), ((string?)user["id"], (string?)user["username"], (string?)user["email"], (string?)user["realm"], (bool)user["isActive"]!));
        Assert.Equal(["editor", "viewer"], user["roles"].Strings());
        Assert.Equal(["controlm:import", "controlm:read", "controlm:write", "scripts:delete", "scripts:read", "scripts:write", "users:read"], user["permissions"].Strings());
        Assert.Equal(["editor", "viewer"], await team.RoleNamesOfAsync(mia));
        var entry = Assert.Single(await team.AuditAsync("user.roles_changed"));
        Assert.Equal(("admin", "team", "user", mia), (entry.ActorUsername, entry.ActorRealm, entry.ResourceType, entry.ResourceId));
        Assert.Equal("""{"roles":["auditor","viewer"]}""", entry.Before!.ToJsonString());
        Assert.Equal("""{"roles":["editor","viewer"]}""", entry.After!.ToJsonString());
    }

    [Fact]
    public async Task An_empty_list_takes_every_role_away()
    {
        await using var team = await TeamInstance.StartAsync();
        var mia = await team.AddMemberAsync("mia", "viewer");

        var user = (await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.OK))["user"]!;

        Assert.Empty(user["roles"]!.AsArray());
        Assert.Empty(user["permissions"]!.AsArray());
        Assert.Empty(await team.RoleNamesOfAsync(mia));
        Assert.Equal("""{"roles":[]}""", Assert.Single(await team.AuditAsync("user.roles_changed")).After!.ToJsonString());
    }

    [Fact]
    public async Task Giving_a_user_the_roles_it_has_changes_nothing_and_writes_no_entry()
    {
        await using var team = await TeamInstance.StartAsync();
        var mia = await team.AddMemberAsync("mia", "viewer", "auditor");

        var user = (await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { roles = new[] { "auditor", "viewer" } })).ShouldBe(HttpStatusCode.OK))["user"]!;

        Assert.Equal(["auditor", "viewer"], user["roles"].Strings());
        Assert.Empty(await team.AuditAsync("user.roles_changed"));
    }

    [Fact]
    public async Task Unknown_role_names_are_a_400_naming_them_and_change_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var mia = await team.AddMemberAsync("mia", "viewer");

        var problem = await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { roles = new[] { "editor", "ghost", "GHOST", "wizard" } }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal("roles", (string?)error!["field"]);
        Assert.Contains("'ghost'", (string?)error["message"]);
        Assert.Contains("'wizard'", (string?)error["message"]);
        Assert.DoesNotContain("editor", (string?)error["message"]);
        await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{mia}/roles", new { roles = new[] { " " } })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(["viewer"], await team.RoleNamesOfAsync(mia));
        Assert.Empty(await team.AuditAsync("user.roles_changed"));
    }

    [Fact]
    public async Task An_unknown_or_malformed_user_is_a_404()
    {
        await using var team = await TeamInstance.StartAsync();
        var body = new { roles = new[] { "viewer" } };

        await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{Guid.NewGuid()}/roles", body)).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.PutAsJsonAsync("/api/v1/rbac/users/admin/roles", body)).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.PutAsJsonAsync("/api/v1/rbac/users/00000000-0000-7000-8000-000000000003/roles", body)).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Taking_rbac_manage_from_its_last_holder_is_a_409_last_admin_and_changes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var admin = await team.AdminIdAsync();
        await team.AddMemberAsync("mia", "viewer");

        await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{admin}/roles", new { roles = new[] { "viewer" } })).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        Assert.Equal(["admin"], await team.RoleNamesOfAsync(admin));
        Assert.Empty(await team.AuditAsync("user.roles_changed"));
        await team.AddMemberAsync("second-admin", "admin");
        await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{admin}/roles", new { roles = new[] { "viewer" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["viewer"], await team.RoleNamesOfAsync(admin));
    }

    [Fact]
    public async Task Assigning_roles_needs_a_session_and_rbac_manage()
    {
        await using var team = await TeamInstance.StartAsync();
        var vera = await team.AddMemberAsync("vera", "viewer");
        var body = new { roles = new[] { "admin" } };

        await (await team.Api.CreateClient().PutAsJsonAsync($"/api/v1/rbac/users/{vera}/roles", body)).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await (await team.SignInAsync("vera")).PutAsJsonAsync($"/api/v1/rbac/users/{vera}/roles", body)).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("rbac:manage", (string?)forbidden["detail"]);
        Assert.Equal(["viewer"], await team.RoleNamesOfAsync(vera));
    }

    [Fact]
    public async Task A_custom_role_grants_its_permissions_and_one_taken_from_it_is_refused_on_the_next_request_on_every_instance()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        var roleId = await team.CreateRoleAsync("Script readers", "scripts:read", "rbac:read");
        var sam = await team.AddMemberAsync("sam");
        var samOnA = await team.SignInAsync("sam");
        var samOnB = other.CreateClient().WithToken(samOnA.DefaultRequestHeaders.Authorization!.Parameter!);
        await (await samOnA.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        var assigned = await (await team.Admin.PutAsJsonAsync($"/api/v1/rbac/users/{sam}/roles", new { roles = new[] { "Script readers" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["rbac:read", "scripts:read"], assigned["user"]!["permissions"].Strings());
        await (await samOnA.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.OK);
        await (await samOnB.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.OK);

        var adminOnB = await other.SignInTeamAsync();
        await (await adminOnB.PatchJson($"/api/v1/rbac/roles/{roleId}", new { permissions = new[] { "scripts:read" } })).ShouldBe(HttpStatusCode.OK);

        var refused = await (await samOnA.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("rbac:read", (string?)refused["detail"]);
        await (await samOnB.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}
