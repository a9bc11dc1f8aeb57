using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WorkspaceOrganizer.Api.Features.Audit.ExportAuditLog;

/// <summary>How an export writes its rows: straight into the response's buffer, one row at a time.</summary>
internal abstract class ExportFormat
{
    /// <summary>The stored precision: an export is the archive, so it keeps the microseconds the hash covers.</summary>
    const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    protected static readonly JsonWriterOptions JsonOptions = new()
    {
        // A download, never inlined into HTML: keep non-ASCII text readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public abstract string ContentType { get; }
    public abstract string Extension { get; }

    /// <summary>Writes what comes before the first row; returns the bytes written.</summary>
    public abstract long WriteHeader(IBufferWriter<byte> output);

    /// <summary>Writes one row; returns the bytes written.</summary>
    public abstract long WriteRow(IBufferWriter<byte> output, AuditRow row);

    /// <summary>A new writer for one export (they keep per-export buffers), or null for an unknown name.</summary>
    public static ExportFormat? Find(string? name) => name?.ToLowerInvariant() switch
    {
        "csv" => new Csv(),
        "ndjson" => new Ndjson(),
        _ => null,
    };

    protected static string Timestamp(DateTime utc) => utc.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// One JSON object per line (<c>application/x-ndjson</c>), in the entry shape of <c>GET /audit/{id}</c>;
    /// <c>before</c>/<c>after</c> are JSON values, nulls stay null.
    /// </summary>
    sealed class Ndjson : ExportFormat
    {
        Utf8JsonWriter? _json;

        public override string ContentType => "application/x-ndjson";
        public override string Extension => "ndjson";

        public override long WriteHeader(IBufferWriter<byte> output) => 0;

        public override long WriteRow(IBufferWriter<byte> output, AuditRow row)
        {
            var json = _json ??= new Utf8JsonWriter(output, JsonOptions);
            json.Reset(output);
            json.WriteStartObject();
            json.WriteString("id", row.Id);
            json.WriteNumber("sequence", row.Sequence);
            json.WriteString("occurredAt", Timestamp(row.OccurredAt));
            json.WriteStartObject("actor");
            json.WriteString("userId", row.ActorUserId);
            json.WriteString("username", row.ActorUsername);
            json.WriteString("realm", row.ActorRealm);
            json.WriteEndObject();
            json.WriteString("action", row.Action);
            json.WriteString("resourceType", row.ResourceType);
            json.WriteString("resourceId", row.ResourceId);
            json.WritePropertyName("before");
            WriteDocument(json, row.Before);
            json.WritePropertyName("after");
            WriteDocument(json, row.After);
            json.WriteString("requestId", row.RequestId);
            json.WriteString("ipAddress", row.IpAddress);
            json.WriteString("userAgent", row.UserAgent);
            json.WriteString("hash", row.Hash);
            json.WriteEndObject();
            json.Flush();
            var written = json.BytesCommitted;
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
            return written + 1;
        }

        static void WriteDocument(Utf8JsonWriter json, string? text)
        {
            if (text is null)
            {
                json.WriteNullValue();
                return;
            }
            using var document = JsonDocument.Parse(text);
            document.RootElement.WriteTo(json);
        }
    }

    /// <summary>
    /// RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF, quotes doubled.
    /// <c>before</c>/<c>after</c> are compact JSON text; null and empty are both an empty field. A field that starts with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR gets a leading <c>'</c> (and quotes) so that a spreadsheet shows
    /// it as text instead of running it as a formula (CSV injection); the NDJSON export carries such values unchanged.
    /// </summary>
    sealed class Csv : ExportFormat
    {
        static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

        const string Header = "id,sequence,occurredAt,actorUserId,actorUsername,actorRealm,action,resourceType,resourceId,"
            + "before,after,requestId,ipAddress,userAgent,hash\r\n";

        readonly StringBuilder _line = new(1024);
        readonly ArrayBufferWriter<byte> _compact = new(1024);
        Utf8JsonWriter? _json;

        public override string ContentType => "text/csv; charset=utf-8; header=present";
        public override string Extension => "csv";

        public override long WriteHeader(IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(Header, output);

        public override long WriteRow(IBufferWriter<byte> output, AuditRow row)
        {
            var line = _line.Clear();
            line.Append(row.Id.ToString("D")).Append(',');
            line.Append(row.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
            line.Append(Timestamp(row.OccurredAt)).Append(',');
            Field(line, row.ActorUserId).Append(',');
            Field(line, row.ActorUsername).Append(',');
            Field(line, row.ActorRealm).Append(',');
            Field(line, row.Action).Append(',');
            Field(line, row.ResourceType).Append(',');
            Field(line, row.ResourceId).Append(',');
            Field(line, Compact(row.Before)).Append(',');
            Field(line, Compact(row.After)).Append(',');
            Field(line, row.RequestId).Append(',');
            Field(line, row.IpAddress).Append(',');
            Field(line, row.UserAgent).Append(',');
            Field(line, row.Hash).Append("\r\n");

            long written = 0;
            foreach (var chunk in line.GetChunks())
                written += Encoding.UTF8.GetBytes(chunk.Span, output);
            return written;
        }

        static StringBuilder Field(StringBuilder line, string? value)
        {
            if (string.IsNullOrEmpty(value))
                return line;
            var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
            if (!formula && value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
                return line.Append(value);
            line.Append('"');
            if (formula)
                line.Append('\'');
            foreach (var c in value)
                line.Append(c == '"' ? "\"\"" : c);
            return line.Append('"');
        }

        /// <summary>PostgreSQL renders jsonb with a space after every ':' and ','; the CSV carries it compact.</summary>
        string? Compact(string? text)
        {
            if (text is null)
                return null;
            _compact.ResetWrittenCount();
            var json = _json ??= new Utf8JsonWriter(_compact, JsonOptions);
            json.Reset(_compact);
            using (var document = JsonDocument.Parse(text))
                document.RootElement.WriteTo(json);
            json.Flush();
            return Encoding.UTF8.GetString(_compact.WrittenSpan);
        }
    }
}
