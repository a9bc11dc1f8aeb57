using System.Net;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class ErrorHandlingTests
{
    static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_is_a_validation_error_and_creates_nothing()
    {
        using var api = new ApiFactory();
        var response = await api.CreateClient().PostAsync("/api/v1/setup", JsonBody("{\"username\": \"alice\","));

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.NotEmpty(problem["errors"]!.AsArray());
        Assert.True((bool)(await (await api.CreateClient().GetAsync("/api/v1/setup/status")).ReadJson())["needsSetup"]!);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_field()
    {
        using var api = new ApiFactory();
        var response = await api.CreateClient().PostAsync("/api/v1/setup", JsonBody("{\"username\": 42, \"email\": \"a@b.test\", \"password\": \"long enough password\"}"));

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("username", (string?)problem["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_payload_too_large()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Api:MaxRequestBodyBytes"] = "1024" });
        var huge = "{\"username\": \"" + new string('a', 4096) + "\"}";

        var response = await api.CreateClient().PostAsync("/api/v1/setup", JsonBody(huge));

        await response.ShouldBe(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        Assert.True((bool)(await (await api.CreateClient().GetAsync("/api/v1/setup/status")).ReadJson())["needsSetup"]!);
    }

    /// <summary>Clients that send their default content-type on every request: on a GET or DELETE without a body it means nothing.</summary>
    [Fact]
    public async Task A_content_type_without_a_body_on_a_get_or_delete_is_ignored()
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var created = await (await owner.PostJson("/api/v1/workspaces", new { name = "Site", rootPath = "/srv/site" })).ShouldBe(HttpStatusCode.Created);
        var id = (string)created["workspace"]!["id"]!;

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces?search=Site") { Content = new ByteArrayContent([]) };
        list.Content.Headers.ContentType = new("application/json");
        var page = await (await owner.SendAsync(list)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (int)page["meta"]!["total"]!);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/workspaces/{id}") { Content = new ByteArrayContent([]) };
        delete.Content.Headers.ContentType = new("application/json");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(delete)).StatusCode);
        await (await owner.GetAsync($"/api/v1/workspaces/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_named_in_the_clients_terms_for_every_such_field()
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        var problem = await (await owner.GetAsync("/api/v1/workspaces?page=abc&pageSize=1.5")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal(
            [("page", "'abc' is not a whole number."), ("pageSize", "'1.5' is not a whole number.")],
            problem["errors"]!.AsArray().Select(e => ((string)e!["field"]!, (string)e["message"]!)).ToArray());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_unsupported_media_type()
    {
        using var api = new ApiFactory();
        var response = await api.CreateClient().PostAsync("/api/v1/setup", new StringContent("username=alice", Encoding.UTF8, "text/plain"));

        await response.ShouldBe(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task An_unknown_route_is_route_not_found()
    {
        using var api = new ApiFactory();
        await (await api.CreateClient().GetAsync("/api/v1/no-such-thing")).ShouldBe(HttpStatusCode.NotFound, "ROUTE_NOT_FOUND");
    }

    [Fact]
    public async Task A_wrong_method_is_method_not_allowed()
    {
        using var api = new ApiFactory();
        await (await api.CreateClient().DeleteAsync("/api/v1/setup")).ShouldBe(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task An_unexpected_fault_is_an_internal_error_without_internals()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        await (await client.GetAsync("/api/v1/setup/status")).ShouldBe(HttpStatusCode.OK);
        await using (var db = new SqliteConnection($"Data Source={api.DatabaseFile}"))
            await db.ExecuteAsync("ALTER TABLE local_users RENAME TO local_users_gone");

        var response = await client.GetAsync("/api/v1/setup/status");

        var problem = await response.ShouldBe(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("local_users", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_echoed_when_given()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();

        var generated = await client.GetAsync("/api/v1/setup/status");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Add("X-Request-Id", "client-chosen-42");
        var echoed = await client.SendAsync(request);

        Assert.True(Guid.TryParse(generated.Headers.GetValues("X-Request-Id").Single(), out _));
        Assert.Equal("client-chosen-42", echoed.Headers.GetValues("X-Request-Id").Single());
    }
}
