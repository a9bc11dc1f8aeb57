using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastEndpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// The published contract. A change to any endpoint's route, schema, access rule or error responses shows up as a
/// snapshot mismatch: review <c>__mismatch__/</c>, then replace the file in <c>__snapshots__/</c> if the change is intended.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Document document) : IClassFixture<OpenApiDocumentTests.Document>
{
    /// <summary>Unescaped '+', quotes and non-ASCII, so the snapshot reads like the document; it is never served.</summary>
    static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void The_OpenAPI_document_matches_the_approved_snapshot() =>
        Snapshot.Match(Normalise(document.Json).ToJsonString(Readable));

    [Fact]
    public void Every_endpoint_of_the_API_is_in_the_document()
    {
        var documented = Operations(document.Json).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        Assert.Equal(document.Endpoints.ToHashSet(), documented);
    }

    [Fact]
    public void Every_operation_says_who_may_call_it()
    {
        Assert.All(Operations(document.Json), o =>
            Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["x-access"]), $"{o.Method} {o.Path} has no x-access"));
    }

    [Fact]
    public void Every_operation_that_needs_a_session_documents_a_401_problem()
    {
        var guarded = Operations(document.Json).Where(o => (string?)o.Operation["x-access"] != Access.Anyone.Description).ToList();
        Assert.NotEmpty(guarded);
        Assert.All(guarded, o =>
            Assert.True(o.Operation["responses"]?["401"]?["content"]?["application/problem+json"] is not null, $"{o.Method} {o.Path} documents no 401 problem"));
    }

    [Fact]
    public void Every_operation_that_needs_a_session_requires_the_bearer_scheme_and_no_other_does()
    {
        Assert.All(Operations(document.Json), o =>
        {
            var schemes = o.Operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList() ?? [];
            var expected = (string?)o.Operation["x-access"] == Access.Anyone.Description ? [] : new List<string> { "Bearer" };
            Assert.True(expected.SequenceEqual(schemes), $"{o.Method} {o.Path} requires [{string.Join(", ", schemes)}]");
        });
    }

    static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonNode json) =>
        json["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(operation => (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject())));

    /// <summary>
    /// Drops what says nothing about the contract (generator version, test server address) and orders every object's
    /// members, so the snapshot changes only when the contract does.
    /// </summary>
    static JsonNode Normalise(JsonNode json)
    {
        var copy = json.DeepClone().AsObject();
        copy.Remove("x-generator");
        copy.Remove("servers");
        return Sorted(copy);
    }

    static JsonNode Sorted(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(item => item is null ? null : Sorted(item))]),
        _ => node.DeepClone(),
    };

    /// <summary>The document and the endpoints the running API really maps, read once for the class.</summary>
    public sealed class Document : IAsyncLifetime
    {
        public JsonNode Json { get; private set; } = new JsonObject();
        public IReadOnlyList<string> Endpoints { get; private set; } = [];

        public async Task InitializeAsync()
        {
            using var api = new ApiFactory();
            Json = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!;
            Endpoints =
            [
                .. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                    .Where(e => e.Metadata.GetMetadata<EndpointDefinition>() is not null)
                    .SelectMany(e => e.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods
                        // The document cannot tell "/workspaces/" from "/workspaces"; routing treats them alike too.
                        .Select(method => $"{method} /{e.RoutePattern.RawText!.Trim('/')}")),
            ];
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
