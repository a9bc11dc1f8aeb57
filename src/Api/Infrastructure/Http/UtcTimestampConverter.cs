using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>Every instant leaves the API as ISO-8601 UTC with a <c>Z</c>, whatever offset it was read with.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
