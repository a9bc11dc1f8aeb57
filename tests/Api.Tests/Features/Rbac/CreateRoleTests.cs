using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

public sealed class CreateRoleTests
{
    [Fact]
    public async Task Creating_a_role_answers_201_with_its_location_and_version_stores_it_and_audits_it()
    {
        await using var team = await TeamInstance.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rbac/roles")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "  Script readers ", description = "Reads scripts", permissions = new[] { "scripts:read", "rbac:read", "scripts:read" } }),
        };
        request.Headers.Add("X-Request-Id", "create-role-1");

        var response = await team.Admin.SendAsync(request);
        var body = await response.ShouldBe(HttpStatusCode.Created);

        var role = body["role"]!;
        var id = (string)role["id"]!;
        Assert.Equal($"/api/v1/rbac/roles/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("Script readers", (string?)role["name"]);
        Assert.Equal("Reads scripts", (string?)role["description"]);
        Assert.False((bool)role["isBuiltIn"]!);
        Assert.Equal(["rbac:read", "scripts:read"], role["permissions"].Strings());
        Assert.Equal(0, (int)role["userCount"]!);
        Assert.Equal(1, (int)role["version"]!);
        Assert.Equal("Script readers | Reads scripts | v1 | rbac:read,scripts:read", (await team.RoleAsync(id))?.Shape);
        var read = await team.Admin.GetAsync(response.Headers.Location);
        Assert.Equal(id, (string?)(await read.ShouldBe(HttpStatusCode.OK))["role"]!["id"]);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());

        var entry = Assert.Single(await team.AuditAsync("role.created"));
        Assert.Equal(("admin", "team", "role", id, "create-role-1"), (entry.ActorUsername, entry.ActorRealm, entry.ResourceType, entry.ResourceId, entry.RequestId));
        Assert.Null(entry.Before);
        Assert.Equal("Script readers", (string?)entry.After!["name"]);
        Assert.Equal("Reads scripts", (string?)entry.After!["description"]);
        Assert.Equal(["rbac:read", "scripts:read"], entry.After!["permissions"].Strings());
    }

    [Fact]
    public async Task A_role_may_grant_nothing_and_have_no_description()
    {
        await using var team = await TeamInstance.StartAsync();

        var role = (await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name = "Placeholder", permissions = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Created))["role"]!;

        Assert.Equal("", (string?)role["description"]);
        Assert.Empty(role["permissions"]!.AsArray());
        Assert.Equal("Placeholder |  | v1 | ", (await team.RoleAsync((string)role["id"]!))?.Shape);
    }

    [Theory]
    [InlineData("""{"permissions":[]}""", "name")]
    [InlineData("""{"name":"   ","permissions":[]}""", "name")]
    [InlineData("""{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","permissions":[]}""", "name")]
    [InlineData("""{"name":"Ops"}""", "permissions")]
    [InlineData("""{"name":"Ops","permissions":"scripts:read"}""", "permissions")]
    public async Task Invalid_input_is_a_400_on_the_field_and_stores_nothing(string json, string field)
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.PostAsync("/api/v1/rbac/roles", new StringContent(json, System.Text.Encoding.UTF8, "application/json")))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        await using var sql = await team.OpenAsync();
        Assert.Equal(4, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM roles"));
        Assert.Empty(await team.AuditAsync("role.created"));
    }

    [Fact]
    public async Task Permissions_outside_the_catalog_are_a_400_naming_each_of_them()
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name = "Ops", permissions = new[] { "scripts:read", "scripts:admin", "SCRIPTS:READ" } }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal("permissions", (string?)error!["field"]);
        Assert.Contains("'scripts:admin'", (string?)error["message"]);
        Assert.Contains("'SCRIPTS:READ'", (string?)error["message"]);
        Assert.DoesNotContain("'scripts:read'", (string?)error["message"]);
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_a_409_conflict_and_stores_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name = "Operators", permissions = new[] { "scripts:read" } })).ShouldBe(HttpStatusCode.Created);

        await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name = "OPERATORS", permissions = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");
        await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name = "Admin", permissions = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        await using var sql = await team.OpenAsync();
        Assert.Equal(5, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM roles"));
        Assert.Single(await team.AuditAsync("role.created"));
    }

    [Fact]
    public async Task Creating_a_role_needs_a_session_and_rbac_manage()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.AddMemberAsync("vera", "viewer");
        await team.AddMemberAsync("audrey", "auditor");
        var body = new { name = "Ops", permissions = Array.Empty<string>() };

        await (await team.Api.CreateClient().PostJson("/api/v1/rbac/roles", body)).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await (await team.SignInAsync("vera")).PostJson("/api/v1/rbac/roles", body)).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("rbac:manage", (string?)forbidden["detail"]);
        await (await (await team.SignInAsync("audrey")).PostJson("/api/v1/rbac/roles", body)).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Null(await RoleNamed(team, "Ops"));
    }

    static async Task<string?> RoleNamed(TeamInstance team, string name)
    {
        await using var sql = await team.OpenAsync();
        return await sql.ExecuteScalarAsync<string?>("SELECT id::text FROM roles WHERE name = @Name", new { Name = name });
    }
}
