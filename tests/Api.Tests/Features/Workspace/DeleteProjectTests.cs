using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class DeleteProjectTests
{
    [Fact]
    public async Task Delete_removes_only_that_project_and_moves_the_workspace_updated_at()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var doomed = await client.CreateProject(workspace.Id(), "api");
        var kept = await client.CreateProject(workspace.Id(), "web");
        clock.Advance(TimeSpan.FromMinutes(4));

        await (await client.DeleteAsync($"{Url}/{workspace.Id()}/projects/{doomed.Id()}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Null(await api.ReadProject(doomed.Id()));
        Assert.NotNull(await api.ReadProject(kept.Id()));
        Assert.Equal(clock.GetUtcNow(), Instant((await api.ReadWorkspace(workspace.Id()))!.UpdatedAt));
        var fetched = await (await client.GetAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (int)fetched["workspace"]!["projectCount"]!);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6")]
    public async Task Unknown_and_malformed_project_ids_are_not_found_and_the_workspace_is_untouched(string projectId)
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await client.CreateProject(workspace.Id(), "api");
        var before = await api.ReadWorkspace(workspace.Id());
        clock.Advance(TimeSpan.FromMinutes(1));

        await (await client.DeleteAsync($"{Url}/{workspace.Id()}/projects/{projectId}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(1, await api.CountRows("projects"));
        Assert.Equal(before, await api.ReadWorkspace(workspace.Id()));
    }

    [Fact]
    public async Task A_project_cannot_be_deleted_through_a_workspace_it_does_not_belong_to()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var first = await client.CreateWorkspace("/srv/first");
        var second = await client.CreateWorkspace("/srv/second");
        var project = await client.CreateProject(first.Id(), "api");

        await (await client.DeleteAsync($"{Url}/{second.Id()}/projects/{project.Id()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.NotNull(await api.ReadProject(project.Id()));
    }

    [Fact]
    public async Task Another_accounts_project_cannot_be_deleted()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var theirProject = await api.InsertProjectDirectly(theirs, "api");
        var before = await api.ReadWorkspace(theirs);

        await (await client.DeleteAsync($"{Url}/{theirs}/projects/{theirProject}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.NotNull(await api.ReadProject(theirProject));
        Assert.Equal(before, await api.ReadWorkspace(theirs));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_deleted()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var project = await client.CreateProject(workspace.Id(), "api");

        await (await api.CreateClient().DeleteAsync($"{Url}/{workspace.Id()}/projects/{project.Id()}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.NotNull(await api.ReadProject(project.Id()));
    }
}
