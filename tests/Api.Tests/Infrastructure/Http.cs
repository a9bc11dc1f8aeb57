using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>Small helpers so a test reads as request → expected answer.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string OwnerPassword = "correct horse battery staple";

    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PatchJson(this HttpClient client, string url, object body) => client.PatchAsJsonAsync(url, body, Json);

    /// <summary>Asserts the status and, for errors, the problem+json <c>code</c>; returns the body.</summary>
    public static async Task<JsonNode> ShouldBe(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        if (code is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(code, (string?)problem["code"]);
            Assert.Equal((string?)problem["detail"], (string?)problem["message"]);
            Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]));
            return problem;
        }
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true;
        return text.Length == 0 ? new JsonObject() : isJson ? JsonNode.Parse(text)! : JsonValue.Create(text);
    }

    /// <summary>Creates the local owner and returns a client signed in as it, with the setup answer.</summary>
    public static async Task<(HttpClient Client, JsonNode Setup)> CreateOwner(this ApiFactory factory, string username = "owner")
    {
        var client = factory.CreateClient();
        var setup = await (await client.PostJson("/api/v1/setup", new { username, email = $"{username}@example.test", password = OwnerPassword }))
            .ShouldBe(HttpStatusCode.Created);
        client.WithToken((string)setup["accessToken"]!);
        return (client, setup);
    }
}
