using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

/// <summary>Contract §3: gate (503) → authentication (401) → permission (403) → validation (400) → handler.</summary>
public sealed class GateTests
{
    [Fact]
    public async Task A_team_endpoint_before_configure_is_not_configured_even_without_a_token()
    {
        using var api = new ApiFactory();
        await (await api.CreateClient().GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.ServiceUnavailable, "NOT_CONFIGURED");
        await (await api.CreateClient().GetAsync("/api/v1/rbac/roles?page=0")).ShouldBe(HttpStatusCode.ServiceUnavailable, "NOT_CONFIGURED");
    }

    [Fact]
    public async Task After_configure_a_team_endpoint_needs_a_token_then_the_permission_then_valid_input()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.ConfigureAsync(pg.ConnectionString);
        var admin = await api.SignInTeamAsync();

        await (await api.CreateClient().GetAsync("/api/v1/rbac/roles?page=0")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await owner.GetAsync("/api/v1/rbac/roles?page=0")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("rbac:read", (string?)forbidden["detail"]);
        await (await admin.GetAsync("/api/v1/rbac/roles?page=0")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var roles = await (await admin.GetAsync("/api/v1/rbac/roles")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["admin", "auditor", "editor", "viewer"], roles["items"]!.AsArray().Select(r => (string?)r!["name"]));
    }

    [Fact]
    public async Task A_permission_removed_in_the_database_is_refused_on_the_next_request()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.AddMemberAsync("second-admin", "admin");
        await (await team.Admin.GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.OK);

        // The team keeps an rbac:manage holder (db/shared/V2 refuses the change otherwise): the second admin.
        await using (var sql = await team.OpenAsync())
            await sql.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @Id::uuid", new { Id = await team.AdminIdAsync() });

        await (await team.Admin.GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task The_permission_catalog_and_a_role_can_be_read()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        var admin = await api.SignInTeamAsync();

        var catalog = await (await admin.GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.OK);
        var viewer = await (await admin.GetAsync("/api/v1/rbac/roles/00000000-0000-7000-8000-000000000003")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(14, catalog["items"]!.AsArray().Count);
        Assert.Equal("viewer", (string?)viewer["role"]!["name"]);
        Assert.Equal(["controlm:read", "scripts:read"], viewer["role"]!["permissions"]!.AsArray().Select(p => (string?)p));
        await (await admin.GetAsync($"/api/v1/rbac/roles/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.GetAsync("/api/v1/rbac/roles/not-a-guid")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
