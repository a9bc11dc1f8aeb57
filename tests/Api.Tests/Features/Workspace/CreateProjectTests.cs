using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class CreateProjectTests
{
    [Fact]
    public async Task Create_stores_the_project_points_to_it_and_moves_the_workspace_updated_at()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        clock.Advance(TimeSpan.FromMinutes(3));

        var response = await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = " API ", relativePath = "src/api", description = " Backend " });
        var project = (await response.ShouldBe(HttpStatusCode.Created))["project"]!;

        var id = project.Id();
        Assert.True(Guid.TryParseExact(id, "D", out var guid) && guid.Version == 7);
        Assert.Equal($"/api/v1/workspaces/{workspace.Id()}/projects/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal((workspace.Id(), "API", "src/api", "Backend"),
            ((string?)project["workspaceId"], (string?)project["name"], (string?)project["relativePath"], (string?)project["description"]));
        Assert.Equal("2026-03-01T09:03:00.000Z", (string?)project["createdAt"]);
        var row = (await api.ReadProject(id))!;
        Assert.Equal((workspace.Id(), "API", "src/api", "Backend"), (row.WorkspaceId, row.Name, row.RelativePath, row.Description));
        Assert.Equal(clock.GetUtcNow(), Instant(row.CreatedAt));
        Assert.Equal(clock.GetUtcNow(), Instant((await api.ReadWorkspace(workspace.Id()))!.UpdatedAt));
        var fetched = await (await client.GetAsync(response.Headers.Location)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(id, (string?)fetched["project"]!["id"]);
    }

    [Theory]
    [InlineData("src\\api\\", "src/api")]
    [InlineData("./src//api/", "src/api")]
    [InlineData("a/./b/.", "a/b")]
    [InlineData("  docs  ", "docs")]
    [InlineData("src\\.\\\\web", "src/web")]
    [InlineData(".", ".")]
    [InlineData("./", ".")]
    [InlineData(".\\.\\", ".")]
    [InlineData("Café/naïve", "Café/naïve")]
    [InlineData("a..b/.hidden", "a..b/.hidden")]
    public async Task The_relative_path_is_normalised_before_it_is_stored(string sent, string stored)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        var project = await client.CreateProject(workspace.Id(), sent);

        Assert.Equal(stored, (string?)project["relativePath"]);
        Assert.Equal(stored, (await api.ReadProject(project.Id()))!.RelativePath);
    }

    [Theory]
    [MemberData(nameof(EscapingRelativePaths), MemberType = typeof(WorkspaceTestData))]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_path_that_escapes_the_workspace_or_is_empty_is_rejected_and_nothing_is_stored(string relativePath)
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var before = await api.ReadWorkspace(workspace.Id());
        clock.Advance(TimeSpan.FromMinutes(1));

        var problem = await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "Escape", relativePath }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("relativePath", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await api.CountRows("projects"));
        Assert.Equal(before, await api.ReadWorkspace(workspace.Id()));
    }

    [Fact]
    public async Task A_path_longer_than_1024_characters_is_rejected()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        await client.CreateProject(workspace.Id(), new string('p', 1024));
        var problem = await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "Long", relativePath = new string('q', 1025) }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("relativePath", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(1, await api.CountRows("projects"));
    }

    [Fact]
    public async Task Missing_fields_are_rejected_naming_each_field()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        var problem = await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { description = new string('d', 2001) }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var fields = problem["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToHashSet();
        Assert.Equal(new HashSet<string?> { "name", "relativePath", "description" }, fields);
        Assert.Equal(0, await api.CountRows("projects"));
    }

    [Fact]
    public async Task A_path_the_workspace_already_has_is_a_conflict_even_written_differently()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await client.CreateProject(workspace.Id(), "src/api");
        var before = await api.ReadWorkspace(workspace.Id());
        clock.Advance(TimeSpan.FromMinutes(1));

        await (await client.PostJson($"{Url}/{workspace.Id()}/projects", new { name = "Again", relativePath = ".\\src\\api\\" }))
            .ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(1, await api.CountRows("projects"));
        Assert.Equal(before, await api.ReadWorkspace(workspace.Id()));
    }

    [Fact]
    public async Task The_same_path_in_another_workspace_is_fine()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var first = await client.CreateWorkspace("/srv/first");
        var second = await client.CreateWorkspace("/srv/second");

        await client.CreateProject(first.Id(), "api");
        await client.CreateProject(second.Id(), "api");

        Assert.Equal(2, await api.CountRows("projects"));
    }

    [Fact]
    public async Task Unknown_and_malformed_workspace_ids_are_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.PostJson($"{Url}/{Guid.CreateVersion7()}/projects", new { name = "P", relativePath = "p" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostJson($"{Url}/not-a-guid/projects", new { name = "P", relativePath = "p" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(0, await api.CountRows("projects"));
    }

    [Fact]
    public async Task No_project_can_be_added_to_another_accounts_workspace()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var before = await api.ReadWorkspace(theirs);

        await (await client.PostJson($"{Url}/{theirs}/projects", new { name = "Plant", relativePath = "plant" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(0, await api.CountRows("projects"));
        Assert.Equal(before, await api.ReadWorkspace(theirs));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_created()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        await (await api.CreateClient().PostJson($"{Url}/{workspace.Id()}/projects", new { name = "P", relativePath = "p" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(0, await api.CountRows("projects"));
    }
}
