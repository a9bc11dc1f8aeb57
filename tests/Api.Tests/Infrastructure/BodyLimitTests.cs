using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// The server's body limit is set per request from the endpoint: the default for every endpoint, the endpoint's own
/// for one that declares a <see cref="BodyLimit"/>, and the configured value over that endpoint's default.
/// </summary>
public sealed class BodyLimitTests
{
    sealed class SizeFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;
        public long? MaxRequestBodySize { get; set; }
    }

    static async Task<long?> LimitSetFor(BodyLimit? declared, Dictionary<string, long>? configured = null)
    {
        var options = new ApiOptions { MaxRequestBodyBytes = 1000, BodyLimits = configured ?? [] };
        var http = new DefaultHttpContext();
        var size = new SizeFeature();
        http.Features.Set<IHttpMaxRequestBodySizeFeature>(size);
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, declared is null ? EndpointMetadataCollection.Empty : new EndpointMetadataCollection(declared), "test"));
        var reached = false;
        await new RequestGuardMiddleware(_ => { reached = true; return Task.CompletedTask; }, Options.Create(options)).InvokeAsync(http);
        Assert.True(reached);
        return size.MaxRequestBodySize;
    }

    [Fact]
    public async Task An_endpoint_without_a_limit_of_its_own_gets_the_default() =>
        Assert.Equal(1000, await LimitSetFor(null));

    [Fact]
    public async Task An_endpoint_declaring_a_limit_gets_it_even_above_the_default() =>
        Assert.Equal(64 * BodyLimit.MiB, await LimitSetFor(new BodyLimit("ScriptImport", 64 * BodyLimit.MiB)));

    [Fact]
    public async Task The_configured_value_of_a_declared_limit_wins_over_its_default() =>
        Assert.Equal(5000, await LimitSetFor(new BodyLimit("ScriptImport", 64 * BodyLimit.MiB), new(StringComparer.OrdinalIgnoreCase) { ["scriptimport"] = 5000 }));

    [Fact]
    public async Task A_configured_limit_of_another_endpoint_changes_nothing() =>
        Assert.Equal(2000, await LimitSetFor(new BodyLimit("ScriptImport", 2000), new() { ["ControlMImport"] = 5000 }));
}
