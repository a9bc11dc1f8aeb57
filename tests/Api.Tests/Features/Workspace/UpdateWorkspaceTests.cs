using System.Net;
using System.Net.Http.Json;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class UpdateWorkspaceTests
{
    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_moves_updated_at()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha", "Main");
        await client.CreateProject(created.Id(), "api");
        clock.Advance(TimeSpan.FromMinutes(5));

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { name = " Beta ", status = "archived" })).ShouldBe(HttpStatusCode.OK);

        var workspace = body["workspace"]!;
        Assert.Equal(("Beta", "/srv/alpha", "Main", "archived", 1), ((string?)workspace["name"], (string?)workspace["rootPath"],
            (string?)workspace["description"], (string?)workspace["status"], (int)workspace["projectCount"]!));
        Assert.Single(workspace["projects"]!.AsArray());
        Assert.Equal("2026-03-01T09:05:00.000Z", (string?)workspace["updatedAt"]);
        Assert.Equal("2026-03-01T09:00:00.000Z", (string?)workspace["createdAt"]);
        var row = (await api.ReadWorkspace(created.Id()))!;
        Assert.Equal(("Beta", "/srv/alpha", "Main", "archived"), (row.Name, row.RootPath, row.Description, row.Status));
        Assert.Equal(clock.GetUtcNow(), Instant(row.UpdatedAt));
    }

    [Fact]
    public async Task A_new_root_path_is_normalised_and_stored()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha");

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { rootPath = " D:\\code\\alpha\\ " })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("D:\\code\\alpha", (string?)body["workspace"]!["rootPath"]);
        Assert.Equal("D:\\code\\alpha", (await api.ReadWorkspace(created.Id()))!.RootPath);
    }

    [Fact]
    public async Task An_empty_patch_returns_the_workspace_unchanged()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha");
        var before = await api.ReadWorkspace(created.Id());
        clock.Advance(TimeSpan.FromMinutes(5));

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(created.ToJsonString(), body["workspace"]!.ToJsonString());
        Assert.Equal(before, await api.ReadWorkspace(created.Id()));
    }

    [Fact]
    public async Task A_patch_that_sends_the_current_values_does_not_move_updated_at()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha");
        var before = await api.ReadWorkspace(created.Id());
        clock.Advance(TimeSpan.FromMinutes(5));

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { name = "Alpha", rootPath = "/srv/alpha/", status = "active" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal("2026-03-01T09:00:00.000Z", (string?)body["workspace"]!["updatedAt"]);
        Assert.Equal(before, await api.ReadWorkspace(created.Id()));
    }

    [Fact]
    public async Task A_null_description_clears_it()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", description: "Old words");

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { description = (string?)null })).ShouldBe(HttpStatusCode.OK);

        Assert.Null((string?)body["workspace"]!["description"]);
        Assert.Null((await api.ReadWorkspace(created.Id()))!.Description);
    }

    [Fact]
    public async Task Archived_workspaces_can_be_made_active_again()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha");
        await (await client.PatchJson($"{Url}/{created.Id()}", new { status = "archived" })).ShouldBe(HttpStatusCode.OK);

        var body = await (await client.PatchJson($"{Url}/{created.Id()}", new { status = "active" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("active", (string?)body["workspace"]!["status"]);
        Assert.Equal("active", (await api.ReadWorkspace(created.Id()))!.Status);
    }

    [Theory]
    [InlineData("{\"status\":\"ARCHIVED\"}", "status")]
    [InlineData("{\"status\":\"deleted\"}", "status")]
    [InlineData("{\"status\":null}", "status")]
    [InlineData("{\"name\":null}", "name")]
    [InlineData("{\"name\":\"   \"}", "name")]
    [InlineData("{\"rootPath\":null}", "rootPath")]
    [InlineData("{\"rootPath\":\"relative\"}", "rootPath")]
    [InlineData("{\"rootPath\":\"/srv/../etc\"}", "rootPath")]
    [InlineData("{\"rootPath\":\"/srv/a\\u0000b\"}", "rootPath")]
    [InlineData("{\"name\":7}", "name")]
    public async Task An_invalid_patch_is_rejected_and_changes_nothing(string json, string field)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha");
        var before = await api.ReadWorkspace(created.Id());

        var response = await client.PatchAsync($"{Url}/{created.Id()}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(before, await api.ReadWorkspace(created.Id()));
    }

    [Fact]
    public async Task A_root_path_used_by_another_of_the_callers_workspaces_is_a_conflict_and_changes_nothing()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/taken", "Taken");
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha");
        var before = await api.ReadWorkspace(created.Id());

        await (await client.PatchJson($"{Url}/{created.Id()}", new { name = "Renamed", rootPath = "/srv/taken/" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(before, await api.ReadWorkspace(created.Id()));
    }

    [Fact]
    public async Task A_root_path_used_only_by_another_account_is_free()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await api.InsertForeignWorkspace("/srv/theirs");
        var created = await client.CreateWorkspace("/srv/alpha");

        await (await client.PatchJson($"{Url}/{created.Id()}", new { rootPath = "/srv/theirs" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("/srv/theirs", (await api.ReadWorkspace(created.Id()))!.RootPath);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_not_found()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.PatchJson($"{Url}/{Guid.CreateVersion7()}", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/not-a-guid", new { name = "X" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/not-a-guid", new { })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Another_accounts_workspace_cannot_be_changed()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        var before = await api.ReadWorkspace(theirs);

        await (await client.PatchJson($"{Url}/{theirs}", new { name = "Mine now", status = "archived" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PatchJson($"{Url}/{theirs}", new { })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(before, await api.ReadWorkspace(theirs));
    }

    [Fact]
    public async Task Without_a_token_nothing_changes()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var created = await client.CreateWorkspace("/srv/alpha", "Alpha");
        var before = await api.ReadWorkspace(created.Id());

        await (await api.CreateClient().PatchAsJsonAsync($"{Url}/{created.Id()}", new { name = "Hijacked" }, Http.Json))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(before, await api.ReadWorkspace(created.Id()));
    }
}
