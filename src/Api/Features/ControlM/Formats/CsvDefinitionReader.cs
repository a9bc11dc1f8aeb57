using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Sylvan.Data.Csv;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// Reads a CSV job list row by row. Headers are matched case-insensitively, ignoring spaces, underscores and hyphens, against
/// the names of the three families in use (the original app's EM export, BMC's CSV sample, lower-case exports); columns
/// with no field are kept as attributes under their header.
/// </summary>
internal static class CsvDefinitionReader
{
    static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["jobname"] = "jobname",
        ["folder"] = "folder", ["foldername"] = "folder", ["parentfolder"] = "folder", ["table"] = "folder", ["tablename"] = "folder",
        ["datacenter"] = "datacenter", ["ctmserver"] = "datacenter", ["controlmserver"] = "datacenter",
        ["application"] = "application",
        ["subapplication"] = "subapplication", ["groupname"] = "subapplication", ["group"] = "subapplication",
        ["memname"] = "memname", ["filename"] = "memname",
        ["memlib"] = "memlib", ["filepath"] = "memlib",
        ["nodeid"] = "nodeid", ["host"] = "nodeid", ["hostgroup"] = "nodeid",
        ["runas"] = "runas", ["owner"] = "runas",
        ["tasktype"] = "tasktype",
        ["cmdline"] = "cmdline", ["command"] = "cmdline",
        ["description"] = "description",
        ["cyclic"] = "cyclic",
        ["interval"] = "interval",
        ["priority"] = "priority",
        ["critical"] = "critical",
        ["dayscal"] = "dayscal", ["dayscalendar"] = "dayscal",
        ["weekscal"] = "weekscal", ["weekscalendar"] = "weekscal",
        ["fromtime"] = "fromtime", ["timefrom"] = "fromtime", ["starttime"] = "fromtime",
        ["totime"] = "totime", ["timeto"] = "totime", ["endtime"] = "totime",
        ["dependson"] = "dependson",
        ["waitforevent"] = "waitforevent", ["waitforevents"] = "waitforevent",
        ["isactive"] = "isactive", ["active"] = "isactive",
    };

    static readonly string[] Required = ["jobname"];

    static string Normalise(string header)
    {
        var text = new StringBuilder(header.Length);
        foreach (var c in header.Trim())
        {
            if (c is not (' ' or '_' or '-'))
                text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    public static async IAsyncEnumerable<ControlMItem> ReadAsync(Stream stream, ControlMReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = true,
            // '#' starts a comment line by default, and Control-M names may start with a #placeholder#.
            Comment = '\0',
            OwnsReader = false,
            MaxBufferSize = 16 * 1024 * 1024,
        };
        var rows = new Rows();
        await using var csv = await rows.Guard(() => CsvDataReader.CreateAsync(text, csvOptions, cancellationToken));
        var columns = rows.MapHeaders(csv);
        var occurrences = new Occurrences();
        var folders = new Dictionary<(string Datacenter, string Path), string>();
        while (await rows.Guard(() => csv.ReadAsync(cancellationToken)))
        {
            var line = rows.NextRecord(csv);
            string? Field(string field) => columns.Ordinals.TryGetValue(field, out var ordinal) && ordinal < csv.RowFieldCount ? csv.GetString(ordinal) : null;
            var name = Field("jobname");
            if (string.IsNullOrEmpty(name))
            {
                if (Enumerable.Range(0, csv.RowFieldCount).All(i => csv.GetString(i).Length == 0))
                    continue;
                throw new ControlMFormatException($"{line}:{columns.Ordinals["jobname"] + 1}", "The row has no job name.");
            }
            var datacenter = NonEmpty(Field("datacenter")) ?? options.DefaultDatacenter;
            // Without a folder column (the original app's export) the application is the nearest grouping Control-M has.
            var path = NonEmpty(Field("folder")) ?? NonEmpty(Field("application")) ?? options.DefaultFolder;
            var location = $"{line}:1";
            folders.TryAdd((datacenter, path), location);
            var cyclic = ControlMForms.Flag(Field("cyclic"));
            var attributes = new JsonObject();
            foreach (var (header, ordinal) in columns.Unmapped)
                attributes[header] = ordinal < csv.RowFieldCount ? csv.GetString(ordinal) : null;
            var interval = Field("interval");
            if (!cyclic && interval is not null && columns.Headers.TryGetValue("interval", out var intervalHeader))
            {
                attributes[intervalHeader] = interval;
                interval = null;
            }
            var job = new JobDefinition(location)
            {
                Datacenter = datacenter,
                FolderPath = path,
                JobName = name,
                Occurrence = occurrences.Next(datacenter, path, name),
                Application = Field("application"),
                SubApplication = Field("subapplication"),
                MemName = Field("memname"),
                MemLib = Field("memlib"),
                NodeId = Field("nodeid"),
                RunAs = Field("runas"),
                TaskType = Field("tasktype"),
                CmdLine = Field("cmdline"),
                Description = Field("description"),
                IsCyclic = cyclic,
                Interval = interval,
                Priority = Field("priority"),
                IsCritical = ControlMForms.Flag(Field("critical")),
                DaysCalendar = Field("dayscal"),
                WeeksCalendar = Field("weekscal"),
                FromTime = Field("fromtime"),
                ToTime = Field("totime"),
                IsActive = Field("isactive") is not { Length: > 0 } active || ControlMForms.Flag(active),
                InConditions = [.. List(Field("waitforevent")).Select(e => new InCondition(e, null, "and", null))],
                Attributes = attributes,
            };
            yield return job;
            // "Depends On" names jobs, not conditions: an order within the folder, like an Automation API Flow.
            foreach (var predecessor in List(Field("dependson")))
                yield return new FlowEdge(datacenter, path, predecessor, name, location);
        }
        foreach (var ((datacenter, path), location) in folders)
            yield return new FolderDefinition(datacenter, path, FolderKinds.Simple, [], [], [], location);
    }

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static IEnumerable<string> List(string? value) =>
        value is null ? [] : value.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    sealed record Columns(Dictionary<string, int> Ordinals, Dictionary<string, string> Headers, List<(string Header, int Ordinal)> Unmapped);

    /// <summary>
    /// Where each record starts in the file: Sylvan counts records, and a quoted field may span lines, so the line is kept
    /// by counting the line breaks of each raw record.
    /// </summary>
    sealed class Rows
    {
        long _nextLine = 2;
        long _currentLine = 1;

        public Columns MapHeaders(CsvDataReader csv)
        {
            var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var unmapped = new List<(string, int)>();
            for (var i = 0; i < csv.FieldCount; i++)
            {
                var header = csv.GetName(i).Trim();
                if (Fields.TryGetValue(Normalise(header), out var field) && ordinals.TryAdd(field, i))
                    headers[field] = header;
                else if (header.Length > 0)
                    unmapped.Add((header, i));
            }
            var missing = Required.Where(r => !ordinals.ContainsKey(r)).ToList();
            if (missing.Count > 0)
                throw new ControlMFormatException("1:1", $"The CSV has no {string.Join(", ", missing.Select(m => m == "jobname" ? "job name (JOB_NAME, Job Name, job_name)" : m))} column.");
            return new Columns(ordinals, headers, unmapped);
        }

        public long NextRecord(CsvDataReader csv)
        {
            _currentLine = _nextLine;
            var raw = csv.GetRawRecordSpan().TrimEnd("\r\n");
            var breaks = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 >= raw.Length || raw[i + 1] != '\n')))
                    breaks++;
            }
            _nextLine += breaks + 1;
            return _currentLine;
        }

        public async Task<T> Guard<T>(Func<Task<T>> read)
        {
            try
            {
                return await read();
            }
            catch (CsvFormatException e)
            {
                throw e switch
                {
                    CsvMissingHeadersException => new ControlMFormatException("1:1", "The CSV has no header row.", e),
                    CsvRecordTooLargeException => new ControlMFormatException($"{_nextLine}:1", "A CSV record is larger than 16 MiB: a quote is probably not closed.", e),
                    _ => new ControlMFormatException($"{_nextLine}:{e.FieldOrdinal + 1}", $"The CSV is not well-formed in field {e.FieldOrdinal + 1} of the record that starts on line {_nextLine}: {e.Message}", e),
                };
            }
        }
    }
}
