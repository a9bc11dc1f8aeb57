using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

public sealed class GetRoleTests
{
    [Fact]
    public async Task A_role_is_sent_with_its_version_as_the_ETag()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateRoleAsync("Operators", "scripts:read");
        await (await team.Admin.PatchJson($"/api/v1/rbac/roles/{id}", new { description = "Runs jobs" })).ShouldBe(HttpStatusCode.OK);

        var response = await team.Admin.GetAsync($"/api/v1/rbac/roles/{id}");
        var role = (await response.ShouldBe(HttpStatusCode.OK))["role"]!;

        Assert.Equal(2, (int)role["version"]!);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
    }
}
