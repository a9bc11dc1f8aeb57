using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class GetUserTests
{
    [Fact]
    public async Task An_account_is_read_with_its_roles_permissions_and_version_as_the_etag()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("alice", "auditor");

        var response = await team.Admin.GetAsync($"/api/v1/users/{id}");

        var user = (await response.ShouldBe(HttpStatusCode.OK))["user"]!;
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(id, (string?)user["id"]);
        Assert.Equal("alice", (string?)user["username"]);
        Assert.Equal("team", (string?)user["realm"]);
        Assert.Equal(1, (int)user["version"]!);
        Assert.Equal(["auditor"], user["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(["audit:export", "audit:read", "controlm:read", "rbac:read", "scripts:read", "users:read"], user["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.EndsWith("Z", (string?)user["createdAt"]);
        Assert.Null(user["passwordHash"]);
    }

    [Fact]
    public async Task The_id_is_matched_whatever_its_case()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.AdminIdAsync();

        var user = (await (await team.Admin.GetAsync($"/api/v1/users/{id.ToUpperInvariant()}")).ShouldBe(HttpStatusCode.OK))["user"]!;

        Assert.Equal(id, (string?)user["id"]);
    }

    [Theory]
    [InlineData("0190a000-0000-7000-8000-000000000000")]
    [InlineData("not-a-guid")]
    [InlineData("0190a0000000700080000000000000000")]
    public async Task An_unknown_or_malformed_id_is_not_found(string id)
    {
        await using var team = await TeamInstance.StartAsync();

        await (await team.Admin.GetAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized_and_without_users_read_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        await (await team.Api.CreateClient().GetAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var problem = await (await viewer.GetAsync($"/api/v1/users/{id}")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("users:read", (string?)problem["detail"]);
    }

    [Fact]
    public async Task The_local_owner_has_no_version()
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        var user = (await (await owner.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK))["user"]!.AsObject();

        Assert.False(user.ContainsKey("version"));
    }
}
