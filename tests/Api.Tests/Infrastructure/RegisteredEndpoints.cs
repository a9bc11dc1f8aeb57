using FastEndpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>The endpoints an API instance registers, from its routing table: <c>"METHOD /route"</c> with the access each declares.</summary>
public static class RegisteredEndpoints
{
    public static Dictionary<string, Access> Of(ApiFactory api) =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<EndpointDefinition>() is not null)
            .SelectMany(e => e.Metadata.GetRequiredMetadata<HttpMethodMetadata>().HttpMethods
                .Select(method => (Row: $"{method} /{e.RoutePattern.RawText!.Trim('/')}", Access: e.Metadata.GetRequiredMetadata<Access>())))
            .ToDictionary(e => e.Row, e => e.Access);
}
