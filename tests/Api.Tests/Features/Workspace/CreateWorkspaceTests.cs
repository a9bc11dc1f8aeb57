using System.Net;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class CreateWorkspaceTests
{
    [Fact]
    public async Task Create_stores_the_workspace_for_the_caller_and_points_to_it()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, setup) = await api.CreateOwner();

        var response = await client.PostJson(Url, new { name = "  Alpha  ", rootPath = "/home/me/alpha", description = "  Client work  " });
        var body = await response.ShouldBe(HttpStatusCode.Created);

        var workspace = body["workspace"]!;
        var id = workspace.Id();
        Assert.True(Guid.TryParseExact(id, "D", out var guid) && guid.Version == 7);
        Assert.Equal($"/api/v1/workspaces/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Alpha", (string?)workspace["name"]);
        Assert.Equal("/home/me/alpha", (string?)workspace["rootPath"]);
        Assert.Equal("Client work", (string?)workspace["description"]);
        Assert.Equal("active", (string?)workspace["status"]);
        Assert.Equal(0, (int)workspace["projectCount"]!);
        Assert.Empty(workspace["projects"]!.AsArray());
        Assert.Equal("2026-03-01T09:00:00.000Z", (string?)workspace["createdAt"]);
        Assert.Equal("2026-03-01T09:00:00.000Z", (string?)workspace["updatedAt"]);

        var row = await api.ReadWorkspace(id);
        Assert.NotNull(row);
        Assert.Equal("local", row.OwnerRealm);
        Assert.Equal((string?)setup["user"]!["id"], row.OwnerId);
        Assert.Equal(("Alpha", "/home/me/alpha", "Client work", "active"), (row.Name, row.RootPath, row.Description, row.Status));
        Assert.Equal(clock.GetUtcNow(), Instant(row.CreatedAt));
        Assert.Equal(row.CreatedAt, row.UpdatedAt);
    }

    [Fact]
    public async Task The_created_workspace_can_be_read_back_at_its_location()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var created = await client.PostJson(Url, new { name = "Alpha", rootPath = "/srv/alpha" });
        await created.ShouldBe(HttpStatusCode.Created);

        var fetched = await (await client.GetAsync(created.Headers.Location)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("/srv/alpha", (string?)fetched["workspace"]!["rootPath"]);
    }

    [Theory]
    [InlineData(" /srv/code/ ", "/srv/code")]
    [InlineData("/srv/code///", "/srv/code")]
    [InlineData("/", "/")]
    [InlineData("///", "/")]
    [InlineData("C:\\work\\alpha\\\\", "C:\\work\\alpha")]
    [InlineData("C:/work/alpha/", "C:/work/alpha")]
    [InlineData("C:\\", "C:\\")]
    [InlineData("d:/", "d:/")]
    [InlineData("\\\\server\\share\\", "\\\\server\\share")]
    [InlineData("\\\\server\\share\\team\\alpha", "\\\\server\\share\\team\\alpha")]
    public async Task Root_path_is_trimmed_of_whitespace_and_trailing_separators_but_keeps_a_bare_root(string sent, string stored)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var workspace = await client.CreateWorkspace(sent);

        Assert.Equal(stored, (string?)workspace["rootPath"]);
        Assert.Equal(stored, (await api.ReadWorkspace(workspace.Id()))!.RootPath);
    }

    [Fact]
    public async Task A_blank_description_is_stored_as_none()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var workspace = await client.CreateWorkspace("/srv/alpha", description: "   ");

        Assert.Null((string?)workspace["description"]);
        Assert.Null((await api.ReadWorkspace(workspace.Id()))!.Description);
    }

    [Fact]
    public async Task Missing_fields_are_rejected_naming_each_field_and_nothing_is_stored()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.PostJson(Url, new { description = new string('d', 2001) }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        var fields = problem["errors"]!.AsArray().Select(e => (string?)e!["field"]).ToHashSet();
        Assert.Equal(new HashSet<string?> { "name", "rootPath", "description" }, fields);
        Assert.Equal(0, await api.CountRows("workspaces"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_blank_name_is_rejected(string? name)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.PostJson(Url, new { name, rootPath = "/srv/alpha" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("name", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task A_name_of_200_characters_is_accepted_and_201_is_rejected()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.PostJson(Url, new { name = new string('n', 200), rootPath = "/srv/a" })).ShouldBe(HttpStatusCode.Created);
        var problem = await (await client.PostJson(Url, new { name = new string('n', 201), rootPath = "/srv/b" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("name", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(1, await api.CountRows("workspaces"));
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("./alpha")]
    [InlineData("~/alpha")]
    [InlineData("C:")]
    [InlineData("C:alpha")]
    [InlineData("\\alpha")]
    [InlineData("\\\\server")]
    [InlineData("\\\\server\\")]
    [InlineData("\\\\.\\pipe\\alpha")]
    [InlineData("\\\\?\\C:\\alpha")]
    [InlineData("../x")]
    [InlineData("/etc/../root")]
    [InlineData("/srv/..")]
    [InlineData("C:\\work\\..\\windows")]
    [InlineData("\\\\server\\share\\..\\other")]
    [InlineData("/srv/.../x")]
    [InlineData("/srv/a\0b")]
    [InlineData("/srv/a\nb")]
    [InlineData("/srv/a\u007fb")]
    public async Task A_root_path_that_is_not_absolute_or_climbs_out_is_rejected_and_nothing_is_stored(string rootPath)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.PostJson(Url, new { name = "Alpha", rootPath })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("rootPath", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task A_root_path_longer_than_1024_characters_is_rejected()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.PostJson(Url, new { name = "Max", rootPath = "/" + new string('a', 1023) })).ShouldBe(HttpStatusCode.Created);
        var problem = await (await client.PostJson(Url, new { name = "Too long", rootPath = "/" + new string('b', 1024) })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("rootPath", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(1, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task A_root_path_the_caller_already_uses_is_a_conflict_even_written_differently()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/alpha", "First");

        await (await client.PostJson(Url, new { name = "Second", rootPath = " /srv/alpha/ " })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(1, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task Root_paths_are_compared_exactly_so_a_different_case_is_another_workspace()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await client.CreateWorkspace("/srv/Alpha");
        await client.CreateWorkspace("/srv/alpha");

        Assert.Equal(2, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task The_root_path_of_another_account_is_free_for_the_caller()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await api.InsertForeignWorkspace("/srv/shared");

        var workspace = await client.CreateWorkspace("/srv/shared");

        Assert.Equal("local", (await api.ReadWorkspace(workspace.Id()))!.OwnerRealm);
        Assert.Equal(2, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_validation_error()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.PostJson(Url, new { name = 5, rootPath = "/srv/alpha" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("name", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await api.CountRows("workspaces"));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_created()
    {
        using var api = new ApiFactory();
        await api.CreateOwner();

        await (await api.CreateClient().PostJson(Url, new { name = "Alpha", rootPath = "/srv/alpha" })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        Assert.Equal(0, await api.CountRows("workspaces"));
    }
}
