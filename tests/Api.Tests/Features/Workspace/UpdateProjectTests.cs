using System.Net;
using System.Net.Http.Json;
using System.Text;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class UpdateProjectTests
{
    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_moves_both_updated_ats()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "src/api", "API", "Backend");
        clock.Advance(TimeSpan.FromMinutes(2));

        var body = await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { relativePath = "services\\api\\" }))
            .ShouldBe(HttpStatusCode.OK);

        var project = body["project"]!;
        Assert.Equal(("API", "services/api", "Backend"), ((string?)project["name"], (string?)project["relativePath"], (string?)project["description"]));
        Assert.Equal("2026-03-01T09:02:00.000Z", (string?)project["updatedAt"]);
        Assert.Equal("2026-03-01T09:00:00.000Z", (string?)project["createdAt"]);
        var row = (await api.ReadProject(created.Id()))!;
        Assert.Equal(("API", "services/api", "Backend"), (row.Name, row.RelativePath, row.Description));
        Assert.Equal(clock.GetUtcNow(), Instant(row.UpdatedAt));
        Assert.Equal(clock.GetUtcNow(), Instant((await api.ReadWorkspace(workspace.Id()))!.UpdatedAt));
    }

    [Fact]
    public async Task Name_and_description_can_change_and_a_null_description_clears_it()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "api", "API", "Backend");

        var body = await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { name = " Service ", description = (string?)null }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal("Service", (string?)body["project"]!["name"]);
        Assert.Null((string?)body["project"]!["description"]);
        var row = (await api.ReadProject(created.Id()))!;
        Assert.Equal(("Service", null), (row.Name, row.Description));
    }

    [Fact]
    public async Task An_empty_patch_changes_neither_the_project_nor_the_workspace()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "api");
        var (projectBefore, workspaceBefore) = (await api.ReadProject(created.Id()), await api.ReadWorkspace(workspace.Id()));
        clock.Advance(TimeSpan.FromMinutes(2));

        var body = await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { })).ShouldBe(HttpStatusCode.OK);
        await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { relativePath = "./api/" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(created.ToJsonString(), body["project"]!.ToJsonString());
        Assert.Equal(projectBefore, await api.ReadProject(created.Id()));
        Assert.Equal(workspaceBefore, await api.ReadWorkspace(workspace.Id()));
    }

    [Theory]
    [MemberData(nameof(EscapingRelativePaths), MemberType = typeof(WorkspaceTestData))]
    public async Task A_path_that_escapes_the_workspace_is_rejected_and_changes_nothing(string relativePath)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "api");
        var (projectBefore, workspaceBefore) = (await api.ReadProject(created.Id()), await api.ReadWorkspace(workspace.Id()));

        var problem = await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { relativePath }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("relativePath", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(projectBefore, await api.ReadProject(created.Id()));
        Assert.Equal(workspaceBefore, await api.ReadWorkspace(workspace.Id()));
    }

    [Theory]
    [InlineData("{\"name\":null}", "name")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"relativePath\":null}", "relativePath")]
    [InlineData("{\"description\":42}", "description")]
    public async Task An_invalid_patch_is_rejected_and_changes_nothing(string json, string field)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var created = await client.CreateProject(workspace.Id(), "api");
        var before = await api.ReadProject(created.Id());

        var response = await client.PatchAsync($"{Url}/{workspace.Id()}/projects/{created.Id()}", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(before, await api.ReadProject(created.Id()));
    }

    [Fact]
    public async Task A_path_another_project_of_the_workspace_has_is_a_conflict_and_changes_nothing()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await client.CreateProject(workspace.Id(), "web");
        var created = await client.CreateProject(workspace.Id(), "api");
        var (projectBefore, workspaceBefore) = (await api.ReadProject(created.Id()), await api.ReadWorkspace(workspace.Id()));
        clock.Advance(TimeSpan.FromMinutes(1));

        await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{created.Id()}", new { name = "Renamed", relativePath = "web/" }))
            .ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(projectBefore, await api.ReadProject(created.Id()));
        Assert.Equal(workspaceBefore, await api.ReadWorkspace(workspace.Id()));
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var project = await client.CreateProject(workspace.Id(), "api");

        await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/{Guid.CreateVersion7()}", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/{workspace.Id()}/projects/nope", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/nope/projects/{project.Id()}", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/{Guid.CreateVersion7()}/projects/{project.Id()}", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal("Project", (await api.ReadProject(project.Id()))!.Name);
    }

    [Fact]
    public async Task Another_accounts_project_cannot_be_changed()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var theirProject = await api.InsertProjectDirectly(theirs, "api");
        var (projectBefore, workspaceBefore) = (await api.ReadProject(theirProject), await api.ReadWorkspace(theirs));

        await (await client.PatchJson($"{Url}/{theirs}/projects/{theirProject}", new { name = "Mine", relativePath = "mine" }))
            .ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(projectBefore, await api.ReadProject(theirProject));
        Assert.Equal(workspaceBefore, await api.ReadWorkspace(theirs));
    }

    [Fact]
    public async Task Without_a_token_nothing_changes()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var project = await client.CreateProject(workspace.Id(), "api");
        var before = await api.ReadProject(project.Id());

        await (await api.CreateClient().PatchAsJsonAsync($"{Url}/{workspace.Id()}/projects/{project.Id()}", new { name = "Hijacked" }, Http.Json))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(before, await api.ReadProject(project.Id()));
    }
}
