using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>
/// The original web client's body, <c>{"csvContent": "…", "replaceExisting": false}</c>, read as a stream: the CSV inside the
/// string goes to the CSV reader through a <see cref="JsonStringStream"/> as it arrives, so a file of tens of MB is never one
/// .NET string. The envelope is parsed by hand because it is tiny: members in any order, whitespace anywhere; unknown members
/// with a scalar value are skipped (a newer client's extra flag does not break the import), an unknown object or array is
/// refused (it is not something this body can mean). Errors are located as <c>body: byte N</c>.
/// </summary>
internal sealed class ClientBody
{
    public const string CsvContent = "csvContent";
    public const string ReplaceExistingName = "replaceExisting";

    // Longer member names are not the client's: refusing them bounds what is buffered for a name.
    const int LongestName = 256;

    /// <summary>The value of <c>replaceExisting</c>, known once the whole body has been read.</summary>
    public bool? ReplaceExisting { get; private set; }

    /// <summary>
    /// Whether the head of a JSON body is the client's object rather than an Automation API file: a top-level object with a
    /// <c>csvContent</c> or <c>replaceExisting</c> member (the Automation API's top-level names are folder names).
    /// </summary>
    public static bool IsClientBody(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            head = head[3..];
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            // Each round is on a member's name at depth 1; TrySkip passes its value (false when the head ends inside it).
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(CsvContent) || reader.ValueTextEquals(ReplaceExistingName))
                    return true;
                if (!reader.TrySkip())
                    return false;
            }
            return false;
        }
        catch (JsonException)
        {
            // Not well-formed: the Automation API reader says where.
            return false;
        }
    }

    /// <summary>Reads the body; the items are those <paramref name="readCsv"/> yields for the CSV's stream.</summary>
    public async IAsyncEnumerable<ControlMItem> ReadAsync(Stream body, Func<Stream, IAsyncEnumerable<ControlMItem>> readCsv,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var cursor = new Cursor(body, 0);
        var seenCsv = false;
        var seenReplace = false;
        // A UTF-8 byte order mark, as IsClientBody allows it.
        if (await cursor.PeekAsync(ct) == 0xEF)
        {
            foreach (var b in (byte[])[0xEF, 0xBB, 0xBF])
                await cursor.ExpectAsync((char)b, ct);
        }
        await cursor.SkipWhitespaceAsync(ct);
        await cursor.ExpectAsync('{', ct);
        await cursor.SkipWhitespaceAsync(ct);
        if (await cursor.PeekAsync(ct) == '}')
            cursor.Skip();
        else
        {
            while (true)
            {
                var name = await ReadNameAsync(cursor, ct);
                await cursor.SkipWhitespaceAsync(ct);
                await cursor.ExpectAsync(':', ct);
                await cursor.SkipWhitespaceAsync(ct);
                switch (name)
                {
                    case CsvContent:
                        if (seenCsv)
                            throw cursor.Bad($"{CsvContent} is given twice.");
                        seenCsv = true;
                        if (await cursor.PeekAsync(ct) != '"')
                            throw cursor.Bad($"{CsvContent} must be a string: the CSV file's text.");
                        cursor.Skip();
                        var text = new JsonStringStream(cursor.Rest(), cursor.Position);
                        await foreach (var item in readCsv(text).WithCancellation(ct))
                            yield return item;
                        // The CSV reader may stop before the end of its stream: the rest of the string is read to its end.
                        await text.CopyToAsync(Stream.Null, ct);
                        cursor = new Cursor(new PrefixedStream(text.Remaining, body), text.EndOffset);
                        break;
                    case ReplaceExistingName:
                        if (seenReplace)
                            throw cursor.Bad($"{ReplaceExistingName} is given twice.");
                        seenReplace = true;
                        ReplaceExisting = await ReadLiteralAsync(cursor, ct) switch
                        {
                            "true" => true,
                            "false" => false,
                            "null" => null,
                            _ => throw cursor.Bad($"{ReplaceExistingName} must be true, false or null."),
                        };
                        break;
                    default:
                        await SkipScalarAsync(cursor, name, ct);
                        break;
                }
                await cursor.SkipWhitespaceAsync(ct);
                if (await cursor.PeekAsync(ct) == '}')
                {
                    cursor.Skip();
                    break;
                }
                await cursor.ExpectAsync(',', ct);
                await cursor.SkipWhitespaceAsync(ct);
            }
        }
        await cursor.SkipWhitespaceAsync(ct);
        if (await cursor.PeekAsync(ct) != -1)
            throw cursor.Bad("nothing may follow the object.");
        if (!seenCsv)
            throw new ControlMFormatException(CsvContent, "is required: the CSV file's text as one JSON string.");
    }

    static async Task<string> ReadNameAsync(Cursor cursor, CancellationToken ct)
    {
        if (await cursor.PeekAsync(ct) != '"')
            throw cursor.Bad("a member name (a string) is expected.");
        var raw = new List<byte> { (byte)'"' };
        cursor.Skip();
        var escaped = false;
        while (true)
        {
            var b = await cursor.PeekAsync(ct);
            if (b == -1)
                throw cursor.Bad("the member name has no closing quote.");
            cursor.Skip();
            raw.Add((byte)b);
            if (raw.Count > LongestName)
                throw cursor.Bad("the member name is too long.");
            if (b == '"' && !escaped)
                break;
            escaped = b == '\\' && !escaped;
        }
        try
        {
            return JsonSerializer.Deserialize<string>(raw.ToArray())!;
        }
        catch (JsonException)
        {
            throw cursor.Bad("the member name is not a well-formed JSON string.");
        }
    }

    static async Task<string> ReadLiteralAsync(Cursor cursor, CancellationToken ct)
    {
        var text = new StringBuilder();
        while (text.Length < 5 && await cursor.PeekAsync(ct) is >= 'a' and <= 'z' and var b)
        {
            text.Append((char)b);
            cursor.Skip();
        }
        return text.ToString();
    }

    /// <summary>An unknown member's value: a string, number or literal is passed over; an object or array is refused.</summary>
    static async Task SkipScalarAsync(Cursor cursor, string name, CancellationToken ct)
    {
        var first = await cursor.PeekAsync(ct);
        if (first == '"')
        {
            cursor.Skip();
            var escaped = false;
            while (true)
            {
                var b = await cursor.PeekAsync(ct);
                if (b == -1)
                    throw cursor.Bad($"the value of {name} has no closing quote.");
                cursor.Skip();
                if (b == '"' && !escaped)
                    return;
                escaped = b == '\\' && !escaped;
            }
        }
        if (first is '-' or (>= '0' and <= '9'))
        {
            while (await cursor.PeekAsync(ct) is (>= '0' and <= '9') or '-' or '+' or '.' or 'e' or 'E')
                cursor.Skip();
            return;
        }
        if (await ReadLiteralAsync(cursor, ct) is not ("true" or "false" or "null"))
            throw cursor.Bad($"{name} is not read here: only {CsvContent} and {ReplaceExistingName}, and scalar members are skipped.");
    }

    /// <summary>A forward-only reader of the envelope's bytes that knows its offset in the body, for error locations.</summary>
    sealed class Cursor(Stream source, long offset)
    {
        readonly byte[] _buffer = new byte[4096];
        int _start;
        int _end;
        long _offset = offset;

        public long Position => _offset + _start;

        /// <summary>The next byte, or -1 at the end of the body.</summary>
        public async ValueTask<int> PeekAsync(CancellationToken ct)
        {
            if (_start == _end)
            {
                _offset += _end;
                _start = 0;
                _end = await source.ReadAsync(_buffer, ct);
                if (_end == 0)
                    return -1;
            }
            return _buffer[_start];
        }

        public void Skip() => _start++;

        /// <summary>The rest of the body from here, for a reader that takes over.</summary>
        public Stream Rest() => new PrefixedStream(_buffer.AsMemory(_start, _end - _start), source);

        public async Task SkipWhitespaceAsync(CancellationToken ct)
        {
            while (await PeekAsync(ct) is ' ' or '\t' or '\r' or '\n')
                Skip();
        }

        public async Task ExpectAsync(char c, CancellationToken ct)
        {
            if (await PeekAsync(ct) != c)
                throw Bad($"'{c}' is expected.");
            Skip();
        }

        public ControlMFormatException Bad(string message) => new($"body: byte {Position + 1}", message);
    }
}
