using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class DeleteWorkspaceTests
{
    [Fact]
    public async Task Delete_removes_the_workspace_and_its_projects_but_no_other()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var doomed = await client.CreateWorkspace("/srv/doomed");
        await client.CreateProject(doomed.Id(), "api");
        await client.CreateProject(doomed.Id(), "web");
        var kept = await client.CreateWorkspace("/srv/kept");
        var keptProject = await client.CreateProject(kept.Id(), "api");

        var response = await client.DeleteAsync($"{Url}/{doomed.Id()}");
        await response.ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
        Assert.Null(await api.ReadWorkspace(doomed.Id()));
        Assert.NotNull(await api.ReadWorkspace(kept.Id()));
        Assert.NotNull(await api.ReadProject(keptProject.Id()));
        Assert.Equal(1, await api.CountRows("projects"));
        await (await client.GetAsync($"{Url}/{doomed.Id()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_leaves_the_folders_and_files_on_disk_alone()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var root = Directory.CreateTempSubdirectory("wo-workspace-");
        try
        {
            var projectFolder = Directory.CreateDirectory(Path.Combine(root.FullName, "api"));
            var file = Path.Combine(projectFolder.FullName, "Program.cs");
            await File.WriteAllTextAsync(file, "// keep me");
            var workspace = await client.CreateWorkspace(root.FullName);
            await client.CreateProject(workspace.Id(), "api");

            await (await client.DeleteAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.NoContent);

            Assert.True(File.Exists(file));
            Assert.Equal("// keep me", await File.ReadAllTextAsync(file));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deleting_twice_is_not_found_the_second_time()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await (await client.DeleteAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.NoContent);

        await (await client.DeleteAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6")]
    public async Task Unknown_and_malformed_ids_are_not_found_and_nothing_is_deleted(string id)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/alpha");

        await (await client.DeleteAsync($"{Url}/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(1, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task Another_accounts_workspace_and_its_projects_cannot_be_deleted()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var theirProject = await api.InsertProjectDirectly(theirs, "api");

        await (await client.DeleteAsync($"{Url}/{theirs}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.NotNull(await api.ReadWorkspace(theirs));
        Assert.NotNull(await api.ReadProject(theirProject));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_deleted()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        await (await api.CreateClient().DeleteAsync($"{Url}/{workspace.Id()}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.NotNull(await api.ReadWorkspace(workspace.Id()));
    }
}
