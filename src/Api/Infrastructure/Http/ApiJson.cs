using System.Text.Json;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>How every answer is written: camelCase members, instants as ISO-8601 UTC. Set on FastEndpoints' serializer at
/// start-up, and used as is where an endpoint writes JSON bytes itself (a kept answer), so both read the same.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
