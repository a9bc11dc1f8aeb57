using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

public sealed class DeleteRoleTests
{
    [Fact]
    public async Task Deleting_a_role_nobody_holds_is_a_204_that_removes_it_and_its_permissions_and_audits_it()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read", "controlm:read");

        await (await team.Admin.DeleteAsync($"/api/v1/rbac/roles/{id}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Null(await team.RoleAsync(id));
        await using (var sql = await team.OpenAsync())
            Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM role_permissions WHERE role_id = @Id::uuid", new { Id = id }));
        await (await team.Admin.GetAsync($"/api/v1/rbac/roles/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        var entry = Assert.Single(await team.AuditAsync("role.deleted"));
        Assert.Equal(("admin", "role", id), (entry.ActorUsername, entry.ResourceType, entry.ResourceId));
        Assert.Equal("""{"name":"Operators","description":"","permissions":["controlm:read","scripts:read"]}""", entry.Before!.ToJsonString());
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task A_role_still_held_is_refused_with_a_409_conflict_naming_how_many_hold_it()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");
        await team.AddMemberAsync("olga", "Operators");
        await team.AddMemberAsync("oscar", "Operators", "viewer");

        var problem = await (await team.Admin.DeleteAsync($"/api/v1/rbac/roles/{id}")).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Contains("2 users", (string?)problem["detail"]);
        Assert.Equal("Operators |  | v1 | scripts:read", (await team.RoleAsync(id))?.Shape);
        Assert.Empty(await team.AuditAsync("role.deleted"));
    }

    [Fact]
    public async Task A_built_in_role_cannot_be_deleted()
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.DeleteAsync("/api/v1/rbac/roles/00000000-0000-7000-8000-000000000004")).ShouldBe(HttpStatusCode.Conflict, "BUILT_IN_ROLE");

        Assert.NotNull(await team.RoleAsync("00000000-0000-7000-8000-000000000004"));
        Assert.Empty(await team.AuditAsync("role.deleted"));
    }

    [Fact]
    public async Task An_unknown_or_malformed_role_id_is_a_404()
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.DeleteAsync($"/api/v1/rbac/roles/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.DeleteAsync("/api/v1/rbac/roles/42")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412_and_the_role_stays()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { description = "changed meanwhile" })).ShouldBe(HttpStatusCode.OK);

        await (await team.Admin.SendIfMatch(HttpMethod.Delete, $"/api/v1/rbac/roles/{id}", "\"1\"")).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");

        Assert.NotNull(await team.RoleAsync(id));
        await (await team.Admin.SendIfMatch(HttpMethod.Delete, $"/api/v1/rbac/roles/{id}", "\"2\"")).ShouldBe(HttpStatusCode.NoContent);
        Assert.Null(await team.RoleAsync(id));
    }

    [Fact]
    public async Task A_malformed_If_Match_is_a_400_on_ifMatch_and_the_role_stays()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");

        var problem = await (await team.Admin.SendIfMatch(HttpMethod.Delete, $"/api/v1/rbac/roles/{id}", "1")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("ifMatch", (string?)problem["errors"]![0]!["field"]);
        Assert.NotNull(await team.RoleAsync(id));
    }

    [Fact]
    public async Task Deleting_a_role_needs_a_session_and_rbac_manage()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators");
        await team.AddMemberAsync("vera", "viewer");

        await (await team.Api.CreateClient().DeleteAsync($"/api/v1/rbac/roles/{id}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await (await team.SignInAsync("vera")).DeleteAsync($"/api/v1/rbac/roles/{id}")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("rbac:manage", (string?)forbidden["detail"]);
        Assert.NotNull(await team.RoleAsync(id));
    }
}
