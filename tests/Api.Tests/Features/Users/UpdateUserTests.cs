using System.Net;
using System.Net.Http.Json;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

public sealed class UpdateUserTests
{
    static Task<HttpResponseMessage> Patch(HttpClient client, string id, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/users/{id}") { Content = JsonContent.Create(body, options: Http.Json) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Changing_the_profile_bumps_the_version_and_audits_only_the_changed_fields()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var response = await Patch(team.Admin, id, new { displayName = "  Robert  ", email = "robert@example.test", isActive = true }, ifMatch: "\"1\"");

        var user = (await response.ShouldBe(HttpStatusCode.OK))["user"]!;
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Robert", "robert@example.test", 2, true), ((string?)user["displayName"], (string?)user["email"], (int)user["version"]!, (bool)user["isActive"]!));
        Assert.Equal(["viewer"], user["roles"]!.AsArray().Select(r => (string?)r));
        var row = await UserRow.ReadAsync(team, id);
        Assert.Equal(("Robert", "robert@example.test", 2, true), (row.DisplayName, row.Email, row.Version, row.IsActive));
        var entry = (await team.UserAuditAsync()).Last();
        Assert.Equal(("user.updated", "admin", id), (entry.Action, entry.ActorUsername, entry.ResourceId));
        Assert.Equal("{\"email\": \"bob@example.test\", \"displayName\": \"bob\"}", entry.Before);
        Assert.Equal("{\"email\": \"robert@example.test\", \"displayName\": \"Robert\"}", entry.After);
    }

    [Fact]
    public async Task The_version_in_the_body_works_like_if_match()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        await (await Patch(team.Admin, id, new { displayName = "Bob", version = 1 })).ShouldBe(HttpStatusCode.OK);
        await (await Patch(team.Admin, id, new { displayName = "Bobby", version = 1 })).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");

        Assert.Equal(("Bob", 2), ((await UserRow.ReadAsync(team, id)).DisplayName, (await UserRow.ReadAsync(team, id)).Version));
    }

    [Theory]
    [InlineData("\"2\"", null)]
    [InlineData("W/\"1\"", null)]
    [InlineData("\"1\"", 2)]
    [InlineData("\"2\"", 1)]
    [InlineData("\"7\", \"9\"", null)]
    public async Task A_stale_or_weak_precondition_is_refused_and_changes_nothing(string ifMatch, int? version)
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var response = await Patch(team.Admin, id, new { displayName = "Lost update", version }, ifMatch);

        await response.ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var row = await UserRow.ReadAsync(team, id);
        Assert.Equal(("bob", 1), (row.DisplayName, row.Version));
        Assert.DoesNotContain(await team.UserAuditAsync(), e => e.Action == "user.updated");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"5\", \"1\"")]
    public async Task A_wildcard_or_any_matching_tag_satisfies_if_match(string ifMatch)
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        await (await Patch(team.Admin, id, new { displayName = "Bob" }, ifMatch)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_malformed_if_match_is_a_validation_error()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var problem = await (await Patch(team.Admin, id, new { displayName = "Bob" }, ifMatch: "1")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("ifMatch", (string?)problem["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task Only_the_header_is_if_match_not_a_body_member_of_that_name()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var response = await team.Admin.PatchAsync($"/api/v1/users/{id}",
            new StringContent("{\"displayName\": \"Bob\", \"ifMatch\": \"\\\"9\\\"\"}", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_precondition_the_change_applies()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        await (await Patch(team.Admin, id, new { displayName = "First" })).ShouldBe(HttpStatusCode.OK);

        await (await Patch(team.Admin, id, new { displayName = "Second" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(("Second", 3), ((await UserRow.ReadAsync(team, id)).DisplayName, (await UserRow.ReadAsync(team, id)).Version));
    }

    [Fact]
    public async Task A_request_that_changes_nothing_keeps_the_version_and_writes_no_audit_entry()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var response = await Patch(team.Admin, id, new { displayName = "bob ", email = "bob@example.test", isActive = true }, ifMatch: "\"1\"");

        Assert.Equal(1, (int)(await response.ShouldBe(HttpStatusCode.OK))["user"]!["version"]!);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(1, (await UserRow.ReadAsync(team, id)).Version);
        Assert.DoesNotContain(await team.UserAuditAsync(), e => e.Action == "user.updated");
    }

    [Fact]
    public async Task IsActive_false_deactivates_and_true_reactivates_each_with_its_own_audit_action()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        var bob = await team.SignInAsync("bob");

        await (await Patch(team.Admin, id, new { isActive = false })).ShouldBe(HttpStatusCode.OK);
        await (await bob.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False((await UserRow.ReadAsync(team, id)).IsActive);

        var user = (await (await Patch(team.Admin, id, new { isActive = true, displayName = "Bob again" })).ShouldBe(HttpStatusCode.OK))["user"]!;

        Assert.True((bool)user["isActive"]!);
        Assert.Equal(3, (int)user["version"]!);
        await (await bob.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await team.SignInAsync("bob");
        var entries = (await team.UserAuditAsync()).Where(e => e.Action != "user.created").ToList();
        Assert.Equal(["user.deactivated", "user.reactivated"], entries.Select(e => e.Action));
        Assert.Equal("{\"isActive\": true}", entries[0].Before);
        Assert.Equal("{\"isActive\": false}", entries[0].After);
        Assert.Equal("{\"isActive\": false, \"displayName\": \"bob\"}", entries[1].Before);
        Assert.Equal("{\"isActive\": true, \"displayName\": \"Bob again\"}", entries[1].After);
    }

    [Fact]
    public async Task Nobody_deactivates_themselves_through_patch_either()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.CreateUserAsync("admin2", "admin");
        var adminId = await team.AdminIdAsync();

        await (await Patch(team.Admin, adminId, new { isActive = false, displayName = "Gone" })).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        var row = await UserRow.ReadAsync(team, adminId);
        Assert.Equal((true, "admin", 1), (row.IsActive, row.DisplayName, row.Version));
    }

    [Fact]
    public async Task The_last_active_holder_of_rbac_manage_cannot_be_deactivated_through_patch()
    {
        await using var team = await TeamInstance.StartAsync();
        var helpdesk = await team.SignInUserManagerAsync();
        var adminId = await team.AdminIdAsync();

        await (await Patch(helpdesk, adminId, new { isActive = false })).ShouldBe(HttpStatusCode.Conflict, "LAST_ADMIN");

        var row = await UserRow.ReadAsync(team, adminId);
        Assert.Equal((true, 1), (row.IsActive, row.Version));
        await (await team.Admin.GetAsync("/api/v1/auth/me")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(await team.UserAuditAsync(), e => e.Action == "user.deactivated");
    }

    [Fact]
    public async Task An_email_another_account_has_is_a_conflict_whatever_its_case()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        await (await Patch(team.Admin, id, new { email = "ADMIN@example.test" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(("bob@example.test", 1), ((await UserRow.ReadAsync(team, id)).Email, (await UserRow.ReadAsync(team, id)).Version));
    }

    [Theory]
    [InlineData("{\"displayName\": null}", "displayName")]
    [InlineData("{\"displayName\": \"   \"}", "displayName")]
    [InlineData("{\"email\": null}", "email")]
    [InlineData("{\"email\": \"not-an-email\"}", "email")]
    [InlineData("{\"isActive\": null}", "isActive")]
    [InlineData("{\"isActive\": \"no\"}", "isActive")]
    [InlineData("{\"version\": 0}", "version")]
    public async Task Invalid_members_are_validation_errors(string json, string field)
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");

        var response = await team.Admin.PatchAsync($"/api/v1/users/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
        Assert.Equal(1, (await UserRow.ReadAsync(team, id)).Version);
    }

    [Theory]
    [InlineData("0190a000-0000-7000-8000-000000000000")]
    [InlineData("nope")]
    public async Task An_unknown_or_malformed_id_is_not_found(string id)
    {
        await using var team = await TeamInstance.StartAsync();

        await (await Patch(team.Admin, id, new { displayName = "x" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_it_is_unauthorized_and_without_users_manage_forbidden()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await team.CreateUserAsync("bob", "viewer");
        await team.CreateUserAsync("viewer1", "viewer");
        var viewer = await team.SignInAsync("viewer1");

        await (await Patch(team.Api.CreateClient(), id, new { displayName = "x" })).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await Patch(viewer, id, new { displayName = "x" })).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Equal("bob", (await UserRow.ReadAsync(team, id)).DisplayName);
    }
}
