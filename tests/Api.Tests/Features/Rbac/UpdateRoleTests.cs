using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

public sealed class UpdateRoleTests
{
    const string Viewer = "00000000-0000-7000-8000-000000000003";

    [Fact]
    public async Task Patching_changes_the_members_sent_bumps_the_version_and_audits_only_what_changed()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");

        var response = await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", "\"1\"",
            new { description = " Runs jobs ", permissions = new[] { "controlm:read", "scripts:read", "controlm:read" } });
        var role = (await response.ShouldBe(HttpStatusCode.OK))["role"]!;

        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Operators", "Runs jobs", 2), ((string?)role["name"], (string?)role["description"], (int)role["version"]!));
        Assert.Equal(["controlm:read", "scripts:read"], role["permissions"].Strings());
        Assert.Equal("Operators | Runs jobs | v2 | controlm:read,scripts:read", (await team.RoleAsync(id))?.Shape);
        var entry = Assert.Single(await team.AuditAsync("role.updated"));
        Assert.Equal(("admin", "role", id), (entry.ActorUsername, entry.ResourceType, entry.ResourceId));
        Assert.Equal("""{"description":"","permissions":["scripts:read"]}""", entry.Before!.ToJsonString());
        Assert.Equal("""{"description":"Runs jobs","permissions":["controlm:read","scripts:read"]}""", entry.After!.ToJsonString());
    }

    [Fact]
    public async Task A_stale_If_Match_or_body_version_is_a_412_and_changes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "Ops", version = 1 })).ShouldBe(HttpStatusCode.OK);

        var stale = await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", "\"1\"", new { name = "Lost update" });
        await stale.ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.Equal("\"2\"", stale.Headers.ETag?.ToString());
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "Lost update", version = 1 })).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await (await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", "W/\"2\"", new { name = "Lost update" })).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await (await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", "\"2\"", new { name = "Lost update", version = 1 })).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");

        Assert.Equal("Ops |  | v2 | scripts:read", (await team.RoleAsync(id))?.Shape);
        Assert.Single(await team.AuditAsync("role.updated"));
        var current = await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", "\"1\", \"2\"", new { name = "Ops team" });
        await current.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("\"3\"", current.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"2")]
    [InlineData("\"2\" junk")]
    public async Task A_malformed_If_Match_is_a_400_on_ifMatch_not_a_412(string ifMatch)
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");

        var problem = await (await team.Admin.SendIfMatch(HttpMethod.Patch, $"/api/v1/rbac/roles/{id}", ifMatch, new { name = "Changed" }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("ifMatch", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal("Operators |  | v1 | scripts:read", (await team.RoleAsync(id))?.Shape);
    }

    [Fact]
    public async Task Only_the_header_is_If_Match_not_a_body_member_of_that_name()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");

        var response = await team.Admin.PatchAsync($"/api/v1/rbac/roles/{id}",
            new StringContent("{\"name\": \"Ops\", \"ifMatch\": \"\\\"9\\\"\"}", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Ops |  | v2 | scripts:read", (await team.RoleAsync(id))?.Shape);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_version_and_writes_no_entry()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read", "rbac:read");

        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { })).ShouldBe(HttpStatusCode.OK);
        var same = await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "Operators ", description = "", permissions = new[] { "rbac:read", "scripts:read" } });

        Assert.Equal(1, (int)(await same.ShouldBe(HttpStatusCode.OK))["role"]!["version"]!);
        Assert.Equal("\"1\"", same.Headers.ETag?.ToString());
        Assert.Equal("Operators |  | v1 | rbac:read,scripts:read", (await team.RoleAsync(id))?.Shape);
        Assert.Empty(await team.AuditAsync("role.updated"));
    }

    [Fact]
    public async Task A_built_in_role_cannot_be_changed()
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{Viewer}", new { permissions = new[] { "scripts:read" } })).ShouldBe(HttpStatusCode.Conflict, "BUILT_IN_ROLE");
        await (await team.Admin.PatchJson("/api/v1/rbac/roles/00000000-0000-7000-8000-000000000001", new { name = "root" })).ShouldBe(HttpStatusCode.Conflict, "BUILT_IN_ROLE");

        Assert.Equal("viewer | Reads scripts and Control-M jobs | v1 | controlm:read,scripts:read", (await team.RoleAsync(Viewer))?.Shape);
        Assert.Empty(await team.AuditAsync("role.updated"));
    }

    [Fact]
    public async Task An_unknown_or_malformed_role_id_is_a_404()
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{Guid.NewGuid()}", new { name = "x" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.PatchJson("/api/v1/rbac/roles/not-a-guid", new { name = "x" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Renaming_to_a_name_taken_in_any_case_is_a_409_conflict()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateRoleAsync("Operators");
        var id = await team.CreateRoleAsync("Reviewers");

        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "operators" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "EDITOR" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal("Reviewers |  | v1 | ", (await team.RoleAsync(id))?.Shape);
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { name = "REVIEWERS" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("REVIEWERS |  | v2 | ", (await team.RoleAsync(id))?.Shape);
    }

    [Fact]
    public async Task Taking_rbac_manage_from_the_role_of_the_last_admin_is_a_409_last_admin_and_changes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "rbac:manage", "rbac:read");
        await using (var sql = await team.OpenAsync())
        {
            // The admin's only rbac:manage now comes from the custom role.
            await sql.ExecuteAsync("INSERT INTO user_roles (user_id, role_id) VALUES (@User::uuid, @Role::uuid)", new { User = await team.AdminIdAsync(), Role = id });
            await sql.ExecuteAsync("DELETE FROM user_roles WHERE role_id = '00000000-0000-7000-8000-000000000001'");
        }

        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { permissions = new[] { "rbac:read" } })).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        Assert.Equal("Operators |  | v1 | rbac:manage,rbac:read", (await team.RoleAsync(id))?.Shape);
        Assert.Empty(await team.AuditAsync("role.updated"));
        await team.AddMemberAsync("second-admin", "admin");
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { permissions = new[] { "rbac:read" } })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_input_is_a_400_on_the_field_and_changes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");

        foreach (var (json, field) in new[]
        {
            ("""{"name":null}""", "name"),
            ("""{"name":"  "}""", "name"),
            ($$"""{"name":"{{new string('x', 65)}}"}""", "name"),
            ($$"""{"description":"{{new string('x', 501)}}"}""", "description"),
            ("""{"permissions":null}""", "permissions"),
            ("""{"permissions":["scripts:read","scripts:fly"]}""", "permissions"),
            ("""{"version":0}""", "version"),
            ("""{"version":"one"}""", "version"),
        })
        {
            var problem = await (await team.Admin.PatchAsync($"/api/v1/rbac/roles/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json")))
                .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        }

        Assert.Equal("Operators |  | v1 | scripts:read", (await team.RoleAsync(id))?.Shape);
    }

    [Fact]
    public async Task Changing_a_role_needs_a_session_and_rbac_manage()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");
        await team.AddMemberAsync("vera", "viewer");

        await (await team.Api.CreateClient().PatchJson($"/api/v1/rbac/roles/{id}", new { name = "x" })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await (await team.SignInAsync("vera")).PatchJson($"/api/v1/rbac/roles/{id}", new { name = "x" })).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("rbac:manage", (string?)forbidden["detail"]);
        Assert.Equal("Operators |  | v1 | scripts:read", (await team.RoleAsync(id))?.Shape);
    }
}
