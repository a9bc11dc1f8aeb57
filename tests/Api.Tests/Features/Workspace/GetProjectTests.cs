using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class GetProjectTests
{
    [Fact]
    public async Task Get_returns_the_project()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "src/api", "API", "Backend");

        var body = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects/{created.Id()}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(created.ToJsonString(), body["project"]!.ToJsonString());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6")]
    public async Task Unknown_and_malformed_project_ids_are_not_found(string projectId)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        await (await client.GetAsync($"{Url}/{workspace.Id()}/projects/{projectId}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_project_is_not_found_through_a_workspace_it_does_not_belong_to()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var first = await client.CreateWorkspace("/srv/first");
        var second = await client.CreateWorkspace("/srv/second");
        var project = await client.CreateProject(first.Id(), "api");

        await (await client.GetAsync($"{Url}/{second.Id()}/projects/{project.Id()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Another_accounts_project_is_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var theirProject = await api.InsertProjectDirectly(theirs, "secret");

        await (await client.GetAsync($"{Url}/{theirs}/projects/{theirProject}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_get_is_unauthorized()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var project = await client.CreateProject(workspace.Id(), "api");

        await (await api.CreateClient().GetAsync($"{Url}/{workspace.Id()}/projects/{project.Id()}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
