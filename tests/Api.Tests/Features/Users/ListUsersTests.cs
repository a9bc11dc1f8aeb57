using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class ListUsersTests
{
    static IEnumerable<string?> Usernames(JsonNode list) => list["items"]!.AsArray().Select(u => (string?)u!["username"]);

    [Fact]
    public async Task Accounts_are_listed_by_username_whatever_its_case_with_roles_and_paging()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateUserAsync("carol", "viewer");
        await team.CreateUserAsync("Bob", "editor", "auditor");
        await team.CreateUserAsync("alice");

        var first = await (await team.Admin.GetAsync("/api/v1/users?pageSize=2")).ShouldBe(HttpStatusCode.OK);
        var second = await (await team.Admin.GetAsync("/api/v1/users?page=2&pageSize=2")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["admin", "alice"], Usernames(first));
        Assert.Equal(["Bob", "carol"], Usernames(second));
        Assert.Equal(4, (int)first["meta"]!["total"]!);
        Assert.True((bool)first["meta"]!["hasNextPage"]!);
        Assert.False((bool)first["meta"]!["hasPreviousPage"]!);
        Assert.False((bool)second["meta"]!["hasNextPage"]!);
        Assert.True((bool)second["meta"]!["hasPreviousPage"]!);
        var bob = second["items"]![0]!;
        Assert.Equal(["auditor", "editor"], bob["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("audit:export", bob["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.Contains("scripts:write", bob["permissions"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(1, (int)bob["version"]!);
        Assert.Empty(first["items"]![1]!["roles"]!.AsArray());
        Assert.Null(bob["passwordHash"]);
    }

    [Theory]
    [InlineData("ZED", "zed-user")]
    [InlineData("mail.CORP", "mailed")]
    [InlineData("Quartermaster", "qm-1")]
    public async Task Search_matches_username_email_or_display_name_ignoring_case(string search, string expected)
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostJson("/api/v1/users", new { username = "zed-user", email = "z@example.test", password = TeamInstance.MemberPassword, roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Created);
        await (await team.Admin.PostJson("/api/v1/users", new { username = "mailed", email = "someone@mail.corp.test", password = TeamInstance.MemberPassword, roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Created);
        await (await team.Admin.PostJson("/api/v1/users", new { username = "qm-1", email = "qm@example.test", password = TeamInstance.MemberPassword, displayName = "The quartermaster", roles = Array.Empty<string>() })).ShouldBe(HttpStatusCode.Created);

        var list = await (await team.Admin.GetAsync($"/api/v1/users?search={Uri.EscapeDataString(search)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal([expected], Usernames(list));
        Assert.Equal(1, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task Search_follows_a_changed_display_name_or_email()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        await (await team.Admin.PatchJson($"/api/v1/users/{id}", new { displayName = "Robert Tables", email = "robert@tables.test" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["bob"], Usernames(await (await team.Admin.GetAsync("/api/v1/users?search=TABLES")).ShouldBe(HttpStatusCode.OK)));
        Assert.Empty(Usernames(await (await team.Admin.GetAsync("/api/v1/users?search=bob@example")).ShouldBe(HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("_", "a_b")]
    [InlineData("%", "percent")]
    [InlineData("\\", "backslash")]
    public async Task Like_wildcards_in_the_search_are_literal(string search, string expected)
    {
        await using var team = await TeamInstance.StartAsync();
        foreach (var (username, displayName) in new[] { ("a_b", "a b"), ("axb", "a x b"), ("percent", "100% sure"), ("backslash", "back\\slash") })
            await (await team.Admin.PostJson("/api/v1/users", new { username, email = $"{username}@example.test", password = TeamInstance.MemberPassword, displayName, roles = Array.Empty<string>() }))
                .ShouldBe(HttpStatusCode.Created);

        var list = await (await team.Admin.GetAsync($"/api/v1/users?search={Uri.EscapeDataString(search)}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal([expected], Usernames(list));
    }

    [Fact]
    public async Task IsActive_filters_and_a_blank_search_filters_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var gone = await team.CreateUserAsync("gone", "viewer");
        await team.CreateUserAsync("here", "viewer");
        await (await team.Admin.DeleteAsync($"/api/v1/users/{gone}")).ShouldBe(HttpStatusCode.NoContent);

        var inactive = await (await team.Admin.GetAsync("/api/v1/users?isActive=false")).ShouldBe(HttpStatusCode.OK);
        var active = await (await team.Admin.GetAsync("/api/v1/users?isActive=true&search=%20%20")).ShouldBe(HttpStatusCode.OK);
        var all = await (await team.Admin.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["gone"], Usernames(inactive));
        Assert.False((bool)inactive["items"]![0]!["isActive"]!);
        Assert.Equal(["admin", "here"], Usernames(active));
        Assert.Equal(["admin", "gone", "here"], Usernames(all));
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_still_counts_the_matches()
    {
        await using var team = await TeamInstance.StartAsync();

        var list = await (await team.Admin.GetAsync("/api/v1/users?page=5")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(list["items"]!.AsArray());
        Assert.Equal(1, (int)list["meta"]!["total"]!);
        Assert.True((bool)list["meta"]!["hasPreviousPage"]!);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("isActive=maybe", "isActive")]
    [InlineData("search=a%1Fb", "search")]
    public async Task Bad_paging_or_filters_are_validation_errors(string query, string field)
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.GetAsync($"/api/v1/users?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Fact]
    public async Task A_search_longer_than_an_email_address_is_a_validation_error()
    {
        await using var team = await TeamInstance.StartAsync();

        var problem = await (await team.Admin.GetAsync($"/api/v1/users?search={new string('a', 255)}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("search", (string?)problem["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized_and_without_users_read_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        await (await team.Api.CreateClient().GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await viewer.GetAsync("/api/v1/users")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task A_full_page_carries_the_roles_of_every_account_on_it()
    {
        await using var team = await TeamInstance.StartAsync();
        await using (var sql = await team.OpenAsync())
            await sql.ExecuteAsync("""
                INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
                SELECT gen_random_uuid(), 'bulk' || i, 'bulk' || i || '@example.test', 'Bulk ' || i, 'x', now(), now()
                FROM generate_series(1, 150) AS i;
                INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM team_users u, roles r WHERE u.username LIKE 'bulk%' AND r.name = 'viewer';
                """);

        var list = await (await team.Admin.GetAsync("/api/v1/users?search=bulk&pageSize=100")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(150, (int)list["meta"]!["total"]!);
        Assert.Equal(100, list["items"]!.AsArray().Count);
        Assert.All(list["items"]!.AsArray(), u => Assert.Equal(["viewer"], u!["roles"]!.AsArray().Select(r => (string?)r)));
    }
}
