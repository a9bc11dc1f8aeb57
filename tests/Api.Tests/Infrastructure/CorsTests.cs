using System.Net;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>A web client served from another origin may call the API only when that origin is configured.</summary>
public sealed class CorsTests
{
    const string WebClient = "https://app.example.test";

    static ApiFactory WithWebClient() => new(new Dictionary<string, string?> { ["Api:CorsOrigins:0"] = WebClient });

    [Fact]
    public async Task Without_configured_origins_no_cross_origin_call_is_allowed()
    {
        using var api = new ApiFactory();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/setup/status");
        request.Headers.Add("Origin", WebClient);

        using var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_configured_origin_gets_its_preflight_answered_with_the_methods_and_headers_the_api_uses()
    {
        using var api = WithWebClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/workspaces/0190f5c2-0000-7000-8000-000000000000");
        preflight.Headers.Add("Origin", WebClient);
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match");

        using var response = await api.CreateClient().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(WebClient, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PATCH", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant();
        Assert.Contains("authorization", allowed);
        Assert.Contains("if-match", allowed);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Answers_and_problems_carry_the_cors_headers_so_the_browser_can_read_them()
    {
        using var api = WithWebClient();
        var (owner, _) = await api.CreateOwner();

        foreach (var (path, status) in new[] { ("/api/v1/workspaces", HttpStatusCode.OK), ("/api/v1/workspaces/not-an-id", HttpStatusCode.NotFound), ("/api/v1/nothing-here", HttpStatusCode.NotFound) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", WebClient);
            using var response = await owner.SendAsync(request);

            Assert.Equal(status, response.StatusCode);
            Assert.Equal(WebClient, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("X-Request-Id", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        }
    }

    [Fact]
    public async Task Another_origin_is_not_allowed()
    {
        using var api = WithWebClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/workspaces");
        preflight.Headers.Add("Origin", "https://evil.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await api.CreateClient().SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
