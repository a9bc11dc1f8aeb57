using System.Net;
using System.Text.Json.Nodes;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class ListProjectsTests
{
    static string[] Paths(JsonNode list) => list["items"]!.AsArray().Select(i => (string)i!["relativePath"]!).ToArray();

    [Fact]
    public async Task The_list_shows_the_workspaces_projects_in_path_order()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        var other = await client.CreateWorkspace("/srv/other");
        foreach (var path in new[] { "web", "Api", "docs/guide", ".", "api-tests" })
            await client.CreateProject(workspace.Id(), path);
        await client.CreateProject(other.Id(), "elsewhere");

        var list = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal([".", "Api", "api-tests", "docs/guide", "web"], Paths(list));
        Assert.Equal(5, (int)list["meta"]!["total"]!);
        Assert.All(list["items"]!.AsArray(), i => Assert.Equal(workspace.Id(), (string?)i!["workspaceId"]));
    }

    [Theory]
    [InlineData("API", new[] { "services/api" })]
    [InlineData("frontend", new[] { "web" })]
    [InlineData("SERVICES/", new[] { "services/api", "services/worker" })]
    [InlineData("_", new[] { "tools/a_b" })]
    [InlineData("%", new string[0])]
    public async Task Search_matches_name_or_relative_path_ignoring_case_and_wildcards(string search, string[] expected)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        await client.CreateProject(workspace.Id(), "services/api", "Api");
        await client.CreateProject(workspace.Id(), "services/worker", "Worker");
        await client.CreateProject(workspace.Id(), "web", "Frontend");
        await client.CreateProject(workspace.Id(), "tools/a_b", "Tools");

        var list = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects?search={Uri.EscapeDataString(search)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(expected, Paths(list));
        Assert.Equal(expected.Length, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task Paging_meta_reports_the_total_and_the_neighbouring_pages()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");
        foreach (var path in new[] { "a", "b", "c" })
            await client.CreateProject(workspace.Id(), path);

        var page1 = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects?pageSize=2")).ShouldBe(HttpStatusCode.OK);
        var page2 = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects?pageSize=2&page=2")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["a", "b"], Paths(page1));
        Assert.Equal(["c"], Paths(page2));
        Assert.True((bool)page1["meta"]!["hasNextPage"]!);
        Assert.False((bool)page1["meta"]!["hasPreviousPage"]!);
        Assert.False((bool)page2["meta"]!["hasNextPage"]!);
        Assert.True((bool)page2["meta"]!["hasPreviousPage"]!);
        Assert.Equal(3, (int)page2["meta"]!["total"]!);
        Assert.Equal(2, (int)page2["meta"]!["page"]!);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Paging_outside_the_allowed_range_is_a_validation_error(string query, string field)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        var problem = await (await client.GetAsync($"{Url}/{workspace.Id()}/projects?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0190c7a1-e8f0-7c4d-a3b2-c1d0e9f8a7b6")]
    public async Task Unknown_and_malformed_workspace_ids_are_not_found(string id)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        await (await client.GetAsync($"{Url}/{id}/projects")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Another_accounts_projects_are_not_listed()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var theirs = await api.InsertForeignWorkspace("/srv/theirs");
        await api.InsertProjectDirectly(theirs, "secret");

        var problem = await (await client.GetAsync($"{Url}/{theirs}/projects")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.DoesNotContain("secret", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_list_is_unauthorized()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var workspace = await client.CreateWorkspace("/srv/alpha");

        await (await api.CreateClient().GetAsync($"{Url}/{workspace.Id()}/projects")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
