using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class GetWorkspaceTests
{
    [Fact]
    public async Task Get_returns_the_workspace_with_all_of_its_projects_in_path_order()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha", "Main");
        var web = await client.CreateProject(created.Id(), "web", "Web");
        var api1 = await client.CreateProject(created.Id(), "Api", "API", "backend");

        var body = await (await client.GetAsync($"{Url}/{created.Id()}")).ShouldBe(HttpStatusCode.OK);

        var workspace = body["workspace"]!.AsObject();
        Assert.Equal(
            ["id", "name", "rootPath", "description", "status", "projectCount", "projects", "createdAt", "updatedAt", "templateCount", "lastIndexedAt"],
            workspace.Select(p => p.Key));
        Assert.Equal(("Alpha", "/srv/alpha", "Main", "active", 2), ((string?)workspace["name"], (string?)workspace["rootPath"],
            (string?)workspace["description"], (string?)workspace["status"], (int)workspace["projectCount"]!));
        var projects = workspace["projects"]!.AsArray();
        Assert.Equal([api1.Id(), web.Id()], projects.Select(p => (string)p!["id"]!));
        var project = projects[0]!.AsObject();
        Assert.Equal(["id", "workspaceId", "name", "relativePath", "description", "createdAt", "updatedAt", "title", "folderPath", "status", "tags"],
            project.Select(p => p.Key));
        Assert.Equal((created.Id(), "API", "Api", "backend"),
            ((string?)project["workspaceId"], (string?)project["name"], (string?)project["relativePath"], (string?)project["description"]));
    }

    [Fact]
    public async Task An_unknown_id_is_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.GetAsync($"{Url}/{Guid.CreateVersion7()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("42")]
    [InlineData("0190c7a1e8f07c4da3b2c1d0e9f8a7b6")]
    [InlineData("{0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6}")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6x")]
    [InlineData("%20")]
    public async Task A_malformed_id_is_not_found(string id)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.GetAsync($"{Url}/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_id_in_upper_case_names_the_same_workspace()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha");

        var body = await (await client.GetAsync($"{Url}/{created.Id().ToUpperInvariant()}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(created.Id(), (string?)body["workspace"]!["id"]);
    }

    [Fact]
    public async Task Another_accounts_workspace_is_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        await api.InsertProjectDirectly(theirs, "secret");

        var problem = await (await client.GetAsync($"{Url}/{theirs}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.DoesNotContain("secret", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_get_is_unauthorized()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha");

        await (await api.CreateClient().GetAsync($"{Url}/{created.Id()}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
