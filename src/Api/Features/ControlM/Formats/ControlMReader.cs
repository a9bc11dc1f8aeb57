using System.Runtime.CompilerServices;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

public enum ControlMFormat { Xml, Json, Csv }

/// <summary>
/// The one door the import uses: detects the format and streams the file's items. Readers are asynchronous because the
/// import reads a request body, which ASP.NET Core does not let anyone read synchronously.
/// </summary>
public static class ControlMReader
{
    public const int SniffLength = 512;

    /// <summary>
    /// The format a content type names (<c>application/xml</c>, <c>text/xml</c>, <c>*+xml</c>, <c>application/json</c>,
    /// <c>*+json</c>, <c>text/csv</c>), else the one the first significant byte of <paramref name="head"/> says:
    /// <c>&lt;</c> XML, <c>{</c> or <c>[</c> JSON, anything else CSV.
    /// </summary>
    public static ControlMFormat Detect(string? contentType, ReadOnlySpan<byte> head)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        switch (mediaType)
        {
            case "application/xml" or "text/xml":
            case not null when mediaType.EndsWith("+xml", StringComparison.Ordinal):
                return ControlMFormat.Xml;
            case "application/json" or "text/json":
            case not null when mediaType.EndsWith("+json", StringComparison.Ordinal):
                return ControlMFormat.Json;
            case "text/csv" or "application/csv" or "text/comma-separated-values":
                return ControlMFormat.Csv;
        }
        return Sniff(head);
    }

    static ControlMFormat Sniff(ReadOnlySpan<byte> head)
    {
        var step = 1;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            head = head[2..];
            step = 2;
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // Big-endian: the character's byte is the second of each pair.
            head = head[3..];
            step = 2;
        }
        for (var i = 0; i < head.Length; i += step)
        {
            switch (head[i])
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'<':
                    return ControlMFormat.Xml;
                case (byte)'{' or (byte)'[':
                    return ControlMFormat.Json;
                default:
                    return ControlMFormat.Csv;
            }
        }
        return ControlMFormat.Csv;
    }

    /// <summary>Detects the format (see <see cref="Detect"/>) from the first bytes of <paramref name="stream"/>, then reads it.</summary>
    public static async IAsyncEnumerable<ControlMItem> ReadAsync(Stream stream, string? contentType, ControlMReaderOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var head = new byte[SniffLength];
        var length = await PrefixedStream.FillAsync(stream, head, cancellationToken);
        var format = Detect(contentType, head.AsSpan(0, length));
        await foreach (var item in ReadAsync(new PrefixedStream(head.AsMemory(0, length), stream), format, options, cancellationToken))
            yield return item;
    }

    /// <summary>Reads <paramref name="stream"/> as <paramref name="format"/>; the stream stays open.</summary>
    public static IAsyncEnumerable<ControlMItem> ReadAsync(Stream stream, ControlMFormat format, ControlMReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ControlMReaderOptions.Default;
        return format switch
        {
            ControlMFormat.Xml => XmlDefinitionReader.ReadAsync(stream, options, cancellationToken),
            ControlMFormat.Json => JsonDefinitionReader.ReadAsync(stream, options, cancellationToken),
            _ => CsvDefinitionReader.ReadAsync(stream, options, cancellationToken),
        };
    }
}
