using System.Text;
using System.Text.RegularExpressions;
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

    /// <summary>A request for a row: a fresh id for each route parameter, an empty JSON object as the body of a write.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string row)
    {
        var method = row[..row.IndexOf(' ', StringComparison.Ordinal)];
        var path = Regex.Replace(row[(method.Length + 1)..], "{[^}]+}", Guid.NewGuid().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }
}
