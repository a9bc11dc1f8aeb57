using System.Net;
using System.Text.Json.Nodes;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Workspace.WorkspaceTestData;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

public sealed class ListWorkspacesTests
{
    static string[] Names(JsonNode list) => list["items"]!.AsArray().Select(i => (string)i!["name"]!).ToArray();

    [Fact]
    public async Task The_list_shows_summaries_newest_first_with_their_project_counts()
    {
        var clock = NewClock();
        using var api = new ApiFactory(clock: clock);
        var (client, _) = await api.CreateOwner();
        var first = await client.CreateWorkspace("/srv/first", "First", "the first one");
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await client.CreateWorkspace("/srv/second", "Second");
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.CreateWorkspace("/srv/third", "Third");
        await client.CreateProject(first.Id(), "api");
        await client.CreateProject(first.Id(), "web");
        await client.CreateProject(second.Id(), "docs");

        var list = await (await client.GetAsync(Url)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["Third", "Second", "First"], Names(list));
        Assert.Equal([0, 1, 2], list["items"]!.AsArray().Select(i => (int)i!["projectCount"]!));
        var summary = list["items"]![2]!.AsObject();
        Assert.Equal(
            ["id", "name", "rootPath", "description", "status", "projectCount", "createdAt", "updatedAt", "templateCount", "lastIndexedAt"],
            summary.Select(p => p.Key));
        Assert.Equal("/srv/first", (string?)summary["rootPath"]);
        Assert.Equal("the first one", (string?)summary["description"]);
        Assert.Equal("active", (string?)summary["status"]);
        Assert.Equal(first.Id(), (string?)summary["id"]);
        Assert.Equal(3, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task Workspaces_created_in_the_same_instant_are_ordered_by_id_newest_first()
    {
        using var api = new ApiFactory(clock: NewClock());
        var (client, _) = await api.CreateOwner();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await client.CreateWorkspace($"/srv/{i}")).Id());

        var list = await (await client.GetAsync(Url)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), list["items"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task An_empty_list_still_has_its_meta()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var list = await (await client.GetAsync(Url)).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal(0, (int)list["meta"]!["total"]!);
        Assert.Equal(1, (int)list["meta"]!["page"]!);
        Assert.Equal(20, (int)list["meta"]!["pageSize"]!);
        Assert.False((bool)list["meta"]!["hasNextPage"]!);
        Assert.False((bool)list["meta"]!["hasPreviousPage"]!);
    }

    [Theory]
    [InlineData("alpha", new[] { "Alpha app" })]
    [InlineData("ALPHA", new[] { "Alpha app" })]
    [InlineData("/OPT/", new[] { "Tools" })]
    [InlineData("invoices", new[] { "Billing" })]
    [InlineData("  tools  ", new[] { "Tools" })]
    [InlineData("nothing like it", new string[0])]
    public async Task Search_matches_name_root_path_or_description_ignoring_case(string search, string[] expected)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/alpha", "Alpha app");
        await client.CreateWorkspace("/opt/tools", "Tools");
        await client.CreateWorkspace("/srv/billing", "Billing", "Sends the Invoices");

        var list = await (await client.GetAsync($"{Url}?search={Uri.EscapeDataString(search)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(expected, Names(list));
        Assert.Equal(expected.Length, (int)list["meta"]!["total"]!);
    }

    [Theory]
    [InlineData("%", "Percent")]
    [InlineData("_", "Underscore")]
    [InlineData("\\", "Backslash")]
    public async Task Search_takes_like_wildcards_literally(string search, string expected)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/100%", "Percent");
        await client.CreateWorkspace("/srv/a_b", "Underscore");
        await client.CreateWorkspace("C:\\work", "Backslash");
        await client.CreateWorkspace("/srv/plain", "Plain");

        var list = await (await client.GetAsync($"{Url}?search={Uri.EscapeDataString(search)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal([expected], Names(list));
    }

    [Fact]
    public async Task Paging_meta_reports_the_total_and_the_neighbouring_pages()
    {
        using var api = new ApiFactory(clock: NewClock());
        var (client, _) = await api.CreateOwner();
        for (var i = 1; i <= 5; i++)
        {
            await client.CreateWorkspace($"/srv/{i}", $"W{i}");
            api.Clock!.Advance(TimeSpan.FromSeconds(1));
        }

        var page1 = await (await client.GetAsync($"{Url}?page=1&pageSize=2")).ShouldBe(HttpStatusCode.OK);
        var page2 = await (await client.GetAsync($"{Url}?page=2&pageSize=2")).ShouldBe(HttpStatusCode.OK);
        var page3 = await (await client.GetAsync($"{Url}?page=3&pageSize=2")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["W5", "W4"], Names(page1));
        Assert.Equal(["W3", "W2"], Names(page2));
        Assert.Equal(["W1"], Names(page3));
        Assert.Equal((5, 1, 2, true, false), Meta(page1));
        Assert.Equal((5, 2, 2, true, true), Meta(page2));
        Assert.Equal((5, 3, 2, false, true), Meta(page3));
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_rather_than_an_error()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/only");

        var list = await (await client.GetAsync($"{Url}?page={int.MaxValue}&pageSize=100")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal((1, int.MaxValue, 100, false, true), Meta(list));
    }

    [Fact]
    public async Task Search_and_paging_combine_and_the_total_counts_only_matches()
    {
        using var api = new ApiFactory(clock: NewClock());
        var (client, _) = await api.CreateOwner();
        for (var i = 1; i <= 3; i++)
        {
            await client.CreateWorkspace($"/srv/match-{i}", $"Match {i}");
            await client.CreateWorkspace($"/srv/other-{i}", $"Other {i}");
            api.Clock!.Advance(TimeSpan.FromSeconds(1));
        }

        var list = await (await client.GetAsync($"{Url}?search=match&page=2&pageSize=2")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["Match 1"], Names(list));
        Assert.Equal((3, 2, 2, false, true), Meta(list));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=-5", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    public async Task Paging_outside_the_allowed_range_is_a_validation_error(string query, string field)
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.GetAsync($"{Url}?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Fact]
    public async Task A_search_longer_than_a_path_is_a_validation_error()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();

        var problem = await (await client.GetAsync($"{Url}?search={new string('s', 1025)}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("search", (string?)problem["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Another_accounts_workspaces_are_not_listed_or_counted()
    {
        using var api = new ApiFactory();
        var (client, setup) = await api.CreateOwner();
        await client.CreateWorkspace("/srv/mine", "Mine");
        await api.InsertForeignWorkspace("/srv/theirs", "team", "another-account");
        await api.InsertForeignWorkspace("/srv/theirs", "local", "another-local-user");
        await api.InsertForeignWorkspace("/srv/theirs", "team", (string)setup["user"]!["id"]!);

        var list = await (await client.GetAsync(Url)).ShouldBe(HttpStatusCode.OK);
        var searched = await (await client.GetAsync($"{Url}?search=theirs")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["Mine"], Names(list));
        Assert.Equal(1, (int)list["meta"]!["total"]!);
        Assert.Empty(searched["items"]!.AsArray());
        Assert.Equal(0, (int)searched["meta"]!["total"]!);
    }

    [Fact]
    public async Task The_total_follows_creates_and_deletes_but_not_a_refused_create()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner();
        var first = await client.CreateWorkspace("/srv/a");
        await client.CreateWorkspace("/srv/b");
        await client.CreateWorkspace("/srv/c");
        await (await client.DeleteAsync($"{Url}/{first.Id()}")).ShouldBe(HttpStatusCode.NoContent);
        await (await client.PostJson(Url, new { name = "Again", rootPath = "/srv/b" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");
        await api.InsertForeignWorkspace("/srv/theirs");

        var list = await (await client.GetAsync(Url)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, list["items"]!.AsArray().Count);
        Assert.Equal(2, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task Without_a_token_the_list_is_unauthorized()
    {
        using var api = new ApiFactory();
        await api.CreateOwner();

        await (await api.CreateClient().GetAsync(Url)).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    static (int Total, int Page, int PageSize, bool HasNext, bool HasPrevious) Meta(JsonNode list)
    {
        var meta = list["meta"]!;
        return ((int)meta["total"]!, (int)meta["page"]!, (int)meta["pageSize"]!, (bool)meta["hasNextPage"]!, (bool)meta["hasPreviousPage"]!);
    }
}
