using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// Reads an Automation API (jobs-as-code) file: the top-level object is scanned token by token, and each of its values is
/// materialised alone (one folder at a time) once all its bytes are in the buffer. Values that are not folders (connection
/// profiles, calendars) are skipped.
/// </summary>
internal static class JsonDefinitionReader
{
    const int InitialBuffer = 64 * 1024;
    static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static async IAsyncEnumerable<ControlMItem> ReadAsync(Stream stream, ControlMReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var input = new Input(stream);
        while (!input.TryStart())
            await input.MoreAsync(cancellationToken);
        var occurrences = new Occurrences();
        while (true)
        {
            Entry entry;
            while (!input.TryNextEntry(out entry))
                await input.MoreAsync(cancellationToken);
            if (entry.IsEnd)
            {
                while (!input.TryEnd())
                    await input.MoreAsync(cancellationToken);
                yield break;
            }
            if (entry.Folder is null)
                continue;
            List<ControlMItem> items;
            using (entry.Folder)
                items = new FolderWalker(options, occurrences).WalkTop(entry.Name, entry.Folder.RootElement);
            foreach (var item in items)
                yield return item;
        }
    }

    readonly record struct Entry(bool IsEnd, string Name, JsonDocument? Folder);

    /// <summary>The stream's bytes not yet consumed, and where in the file the first of them is (for error locations).</summary>
    sealed class Input(Stream stream) : IDisposable
    {
        byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        int _start;
        int _end;
        bool _final;
        JsonReaderState _state = new(ReaderOptions);
        long _line = 1;
        long _column = 1;

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        public async Task MoreAsync(CancellationToken cancellationToken)
        {
            if (_final)
                throw new ControlMFormatException($"{_line}:{_column}", "The JSON ends before its top-level object does.");
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            // One top-level value larger than the buffer: it has to be whole to be parsed, so the buffer grows to it.
            if (_end == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                _final = true;
            _end += read;
        }

        void Advance(long count)
        {
            var consumed = _buffer.AsSpan(_start, (int)count);
            for (var i = 0; i < consumed.Length; i++)
            {
                if (consumed[i] == '\n')
                    (_line, _column) = (_line + 1, 1);
                else
                    _column++;
            }
            _start += (int)count;
        }

        // The reader state handed from one buffer to the next carries the position, so the exception's is the file's (0-based).
        static ControlMFormatException Ill(JsonException e) =>
            new($"{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", $"The JSON is not well-formed: {Strip(e.Message)}", e);

        // The reader's message ends with its own (relative) position, which the location replaces.
        static string Strip(string message)
        {
            var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (at > 0 ? message[..at] : message).TrimEnd();
        }

        public bool TryStart()
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (!reader.Read())
                {
                    if (_final)
                        throw new ControlMFormatException("1:1", "The JSON file is empty.");
                    return false;
                }
            }
            catch (JsonException e)
            {
                throw Ill(e);
            }
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new ControlMFormatException($"{_line}:{_column}", $"An Automation API file is an object of folders; this one starts with {reader.TokenType}.");
            Advance(reader.BytesConsumed);
            _state = reader.CurrentState;
            return true;
        }

        /// <summary>True once nothing but whitespace (and comments) follows the top-level object.</summary>
        public bool TryEnd()
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (reader.Read())
                    throw new ControlMFormatException($"{_line}:{_column}", "The JSON has more after its top-level object.");
            }
            catch (JsonException e)
            {
                throw Ill(e);
            }
            if (_final)
                return true;
            Advance(reader.BytesConsumed);
            _state = reader.CurrentState;
            return false;
        }

        public bool TryNextEntry(out Entry entry)
        {
            entry = default;
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            try
            {
                if (!reader.Read())
                    return false;
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    Advance(reader.BytesConsumed);
                    _state = reader.CurrentState;
                    entry = new Entry(true, "", null);
                    return true;
                }
                var name = reader.GetString()!;
                if (!reader.Read())
                    return false;
                var valueStart = reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                if (!reader.TrySkip())
                    return false;
                var valueEnd = reader.BytesConsumed;
                JsonDocument? folder = null;
                if (isObject)
                {
                    folder = JsonDocument.Parse(_buffer.AsMemory(_start + (int)valueStart, (int)(valueEnd - valueStart)), DocumentOptions);
                    if (!IsFolder(folder.RootElement))
                    {
                        folder.Dispose();
                        folder = null;
                    }
                }
                Advance(valueEnd);
                _state = reader.CurrentState;
                entry = new Entry(false, name, folder);
                return true;
            }
            catch (JsonException e)
            {
                throw Ill(e);
            }
            catch (InvalidOperationException e)
            {
                throw new ControlMFormatException($"{_line}:{_column}", $"The JSON is not well-formed: {e.Message}", e);
            }
        }

        static bool IsFolder(JsonElement value) =>
            FolderWalker.TypeOf(value) is { } type && (type.Equals("Folder", StringComparison.OrdinalIgnoreCase) || type.Equals("SimpleFolder", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>What a folder hands down to the jobs (and sub-folders) that do not set it.</summary>
    sealed record Inherited(string Datacenter, string? Application, string? SubApplication, string? RunAs, string? Host);

    sealed class FolderWalker(ControlMReaderOptions options, Occurrences occurrences)
    {
        readonly List<ControlMItem> _items = [];

        public static string? TypeOf(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Object)
                return null;
            string? type = null;
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name == "Type" && property.Value.ValueKind == JsonValueKind.String)
                    type = property.Value.GetString();
            }
            return type;
        }

        public List<ControlMItem> WalkTop(string key, JsonElement folder)
        {
            var simple = string.Equals(TypeOf(folder), "SimpleFolder", StringComparison.OrdinalIgnoreCase);
            var root = new Inherited(options.DefaultDatacenter, null, null, null, null);
            Walk(ControlMForms.Unescape(key), folder, simple ? FolderKinds.Simple : FolderKinds.Smart, root, Path("$", key));
            return _items;
        }

        static string Path(string parent, string key) =>
            key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(key[0])
                ? $"{parent}.{key}"
                : $"{parent}['{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

        static string? Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };

        static bool IsTrue(JsonElement value) => value.ValueKind == JsonValueKind.True || ControlMForms.Flag(Text(value));

        void Walk(string path, JsonElement folder, string kind, Inherited parent, string jsonPath)
        {
            // Folder properties may follow the jobs they are inherited by, so they are gathered first (the last of a repeated key wins).
            var inherited = parent;
            foreach (var property in folder.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                    continue;
                var value = Text(property.Value);
                inherited = property.Name switch
                {
                    "ControlmServer" when !string.IsNullOrWhiteSpace(value) => inherited with { Datacenter = value },
                    // A SimpleFolder hands down nothing but its server.
                    _ when kind == FolderKinds.Simple => inherited,
                    "Application" => inherited with { Application = value },
                    "SubApplication" => inherited with { SubApplication = value },
                    "RunAs" => inherited with { RunAs = value },
                    "Host" => inherited with { Host = value },
                    _ => inherited,
                };
            }
            var attributes = new JsonObject();
            var inConditions = new List<InCondition>();
            var outConditions = new List<OutCondition>();
            foreach (var property in folder.EnumerateObject())
            {
                var childPath = Path(jsonPath, property.Name);
                var type = TypeOf(property.Value);
                switch (property.Name, type)
                {
                    case ("Type" or "ControlmServer", null):
                        continue;
                    case ("Jobs", null) when property.Value.ValueKind == JsonValueKind.Array:
                        var index = 0;
                        foreach (var element in property.Value.EnumerateArray())
                        {
                            var elementPath = $"{childPath}[{index++}]";
                            if (TypeOf(element) is not { } elementType || !IsJob(elementType))
                                continue;
                            var name = element.EnumerateObject().LastOrDefault(p => p.Name == "Name").Value;
                            if (Text(name) is not { Length: > 0 } jobName)
                                throw new ControlMFormatException(elementPath, "A job of a Jobs array has no Name.");
                            Job(ControlMForms.Unescape(jobName), element, path, inherited, elementPath);
                        }
                        continue;
                    case (_, null):
                        attributes[property.Name] = ToNode(property.Value);
                        continue;
                    case (_, "SubFolder"):
                        Walk($"{path}/{ControlMForms.Unescape(property.Name)}", property.Value, FolderKinds.Sub, inherited, childPath);
                        continue;
                    case (_, "Flow"):
                        Flow(inherited.Datacenter, path, property.Value, childPath);
                        attributes[property.Name] = ToNode(property.Value);
                        continue;
                    case (_, _) when IsJob(type):
                        Job(ControlMForms.Unescape(property.Name), property.Value, path, inherited, childPath);
                        continue;
                    case (_, _) when Conditions(type, property.Value, inConditions, outConditions, conditional: false):
                        continue;
                    default:
                        if (type.StartsWith("If", StringComparison.Ordinal))
                            IfConditions(property.Value, outConditions);
                        attributes[property.Name] = ToNode(property.Value);
                        continue;
                }
            }
            _items.Add(new FolderDefinition(inherited.Datacenter, path, kind, attributes, inConditions, outConditions, jsonPath));
        }

        static bool IsJob(string type) => type == "Job" || type.StartsWith("Job:", StringComparison.Ordinal);

        static string TaskType(string type) => type switch
        {
            "Job:Command" => "Command",
            "Job:Dummy" => "Dummy",
            // Job:Script, Job:EmbeddedScript and every plug-in type run a job of type Job; the JSON type stays in the attributes.
            _ => "Job",
        };

        void Flow(string datacenter, string folderPath, JsonElement flow, string jsonPath)
        {
            var sequence = flow.EnumerateObject().LastOrDefault(p => p.Name == "Sequence").Value;
            if (sequence.ValueKind != JsonValueKind.Array)
                return;
            string? previous = null;
            foreach (var step in sequence.EnumerateArray())
            {
                if (Text(step) is not { Length: > 0 } name)
                    continue;
                name = ControlMForms.Unescape(name);
                if (previous is not null)
                    _items.Add(new FlowEdge(datacenter, folderPath, previous, name, jsonPath));
                previous = name;
            }
        }

        /// <summary>An event list, recognised by its <c>Type</c> whatever its key; false when <paramref name="type"/> is none.</summary>
        static bool Conditions(string type, JsonElement value, List<InCondition> inConditions, List<OutCondition> outConditions, bool conditional)
        {
            switch (type)
            {
                case "WaitForEvents":
                    WaitFor(value, inConditions);
                    return true;
                case "AddEvents" or "Action:AddEvents" or "Event:Add":
                    foreach (var (name, odate) in Events(value))
                        outConditions.Add(new OutCondition(name, odate, "+", conditional));
                    return true;
                case "DeleteEvents" or "Action:DeleteEvents" or "Event:Delete":
                    foreach (var (name, odate) in Events(value))
                        outConditions.Add(new OutCondition(name, odate, "-", conditional));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Events added or deleted by an <c>If</c>'s actions: only for some completion codes, like XML's <c>ON</c>/<c>DOCOND</c>.</summary>
        static void IfConditions(JsonElement value, List<OutCondition> outConditions)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (TypeOf(property.Value) is { } type)
                    Conditions(type, property.Value, [], outConditions, conditional: true);
            }
        }

        static IEnumerable<(string Name, string? Odate)> Events(JsonElement value)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name == "Event" && Text(property.Value) is { Length: > 0 } single)
                    yield return (ControlMForms.Unescape(single), ControlMForms.OdateFromJson(Odate(value)));
                if (property.Name != "Events" || property.Value.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var element in property.Value.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object && Text(Last(element, "Event")) is { Length: > 0 } name)
                        yield return (ControlMForms.Unescape(name), ControlMForms.OdateFromJson(Odate(element)));
                    else if (element.ValueKind == JsonValueKind.String && Text(element) is { Length: > 0 } bare && bare is not "(" and not ")" && !IsToken(bare))
                        yield return (ControlMForms.Unescape(bare), null);
                }
            }
        }

        static bool IsToken(string text) => text.Equals("OR", StringComparison.OrdinalIgnoreCase) || text.Equals("AND", StringComparison.OrdinalIgnoreCase);

        static string? Odate(JsonElement element) => Text(Last(element, "OrderDate"));

        static JsonElement Last(JsonElement element, string name) => element.EnumerateObject().LastOrDefault(p => p.Name == name).Value;

        /// <summary><c>"("</c>, <c>")"</c> and <c>"OR"</c> tokens between the events become brackets and OR on the neighbouring conditions.</summary>
        static void WaitFor(JsonElement value, List<InCondition> conditions)
        {
            var events = Last(value, "Events");
            if (events.ValueKind != JsonValueKind.Array)
            {
                foreach (var (name, odate) in Events(value))
                    conditions.Add(new InCondition(name, odate, "and", null));
                return;
            }
            var andOr = "and";
            string? open = null;
            foreach (var element in events.EnumerateArray())
            {
                string? name = null;
                string? odate = null;
                if (element.ValueKind == JsonValueKind.String)
                {
                    var text = Text(element)!.Trim();
                    if (text == "(")
                        open = "(";
                    else if (text == ")" && conditions.Count > 0)
                        conditions[^1] = conditions[^1] with { Bracket = ")" };
                    else if (text.Equals("OR", StringComparison.OrdinalIgnoreCase))
                        andOr = "or";
                    else if (!text.Equals("AND", StringComparison.OrdinalIgnoreCase) && text.Length > 0 && text != ")")
                        name = text;
                }
                else if (element.ValueKind == JsonValueKind.Object && Text(Last(element, "Event")) is { Length: > 0 } eventName)
                    (name, odate) = (eventName, ControlMForms.OdateFromJson(Odate(element)));
                if (name is null)
                    continue;
                conditions.Add(new InCondition(ControlMForms.Unescape(name), odate, andOr, open));
                (andOr, open) = ("and", null);
            }
        }

        void Job(string name, JsonElement job, string folderPath, Inherited inherited, string jsonPath)
        {
            string? application = null, subApplication = null, host = null, runAs = null, command = null, fileName = null, filePath = null;
            string? description = null, priority = null, daysCalendar = null, weeksCalendar = null, fromTime = null, toTime = null, interval = null;
            string taskType = "Job";
            bool critical = false, cyclic = false, active = true;
            var inConditions = new List<InCondition>();
            var outConditions = new List<OutCondition>();
            var variables = new List<JobVariable>();
            var attributes = new JsonObject();
            foreach (var property in job.EnumerateObject())
            {
                var value = property.Value;
                var type = TypeOf(value);
                if (type is not null)
                {
                    if (Conditions(type, value, inConditions, outConditions, conditional: false))
                        continue;
                    if (type.StartsWith("If", StringComparison.Ordinal))
                        IfConditions(value, outConditions);
                    attributes[property.Name] = ToNode(value);
                    continue;
                }
                switch (property.Name)
                {
                    case "Name":
                        continue;
                    case "Application": application = Text(value); continue;
                    case "SubApplication": subApplication = Text(value); continue;
                    case "Host": host = Text(value); continue;
                    case "RunAs": runAs = Text(value); continue;
                    case "Command": command = Text(value); continue;
                    case "FileName": fileName = Text(value); continue;
                    case "FilePath": filePath = Text(value); continue;
                    case "Description": description = Text(value); continue;
                    case "Priority": priority = Text(value); continue;
                    case "Critical": critical = IsTrue(value); continue;
                    case "Variables":
                        variables.Clear();
                        Variables(value, variables);
                        continue;
                    case "Type":
                        taskType = TaskType(Text(value) ?? "");
                        break;
                    case "When" when value.ValueKind == JsonValueKind.Object:
                        fromTime = Text(Last(value, "FromTime")) ?? fromTime;
                        toTime = Text(Last(value, "ToTime")) ?? toTime;
                        daysCalendar = Text(Last(value, "MonthDaysCalendar")) ?? Text(Last(value, "DaysCalendar")) ?? daysCalendar;
                        weeksCalendar = Text(Last(value, "WeekDaysCalendar")) ?? Text(Last(value, "WeeksCalendar")) ?? weeksCalendar;
                        break;
                    case "Rerun" when value.ValueKind == JsonValueKind.Object:
                        interval = ControlMForms.Interval(Text(Last(value, "Every")), Text(Last(value, "Units")));
                        cyclic = interval is not null;
                        break;
                    case "Enabled" or "IsActive":
                        active = value.ValueKind != JsonValueKind.False && !string.Equals(Text(value), "false", StringComparison.OrdinalIgnoreCase);
                        break;
                }
                // Type, When and Rerun are kept whole as well: they carry more than the fields taken from them.
                attributes[property.Name] = ToNode(value);
            }
            _items.Add(new JobDefinition(jsonPath)
            {
                Datacenter = inherited.Datacenter,
                FolderPath = folderPath,
                JobName = name,
                Occurrence = occurrences.Next(inherited.Datacenter, folderPath, name),
                Application = application ?? inherited.Application,
                SubApplication = subApplication ?? inherited.SubApplication,
                MemName = fileName,
                MemLib = filePath,
                NodeId = host ?? inherited.Host,
                RunAs = runAs ?? inherited.RunAs,
                TaskType = taskType,
                CmdLine = command,
                Description = description,
                IsCyclic = cyclic,
                Interval = interval,
                Priority = priority,
                IsCritical = critical,
                DaysCalendar = daysCalendar,
                WeeksCalendar = weeksCalendar,
                FromTime = fromTime,
                ToTime = toTime,
                IsActive = active,
                InConditions = inConditions,
                OutConditions = outConditions,
                Variables = variables,
                Attributes = attributes,
            });
        }

        /// <summary><c>[{"A": "1"}, {"B": "2"}]</c> (the documented form) or <c>{"A": "1", "B": "2"}</c>.</summary>
        static void Variables(JsonElement value, List<JobVariable> variables)
        {
            IEnumerable<JsonElement> objects = value.ValueKind switch
            {
                JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object),
                JsonValueKind.Object => [value],
                _ => [],
            };
            foreach (var element in objects)
            {
                foreach (var property in element.EnumerateObject())
                    variables.Add(new JobVariable(ControlMForms.VariableName(property.Name), Text(property.Value)));
            }
        }

        /// <summary>A copy that outlives the document; a repeated key keeps its last value, as JavaScript's JSON.parse does.</summary>
        static JsonNode? ToNode(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    var obj = new JsonObject();
                    foreach (var property in value.EnumerateObject())
                        obj[property.Name] = ToNode(property.Value);
                    return obj;
                case JsonValueKind.Array:
                    var array = new JsonArray();
                    foreach (var element in value.EnumerateArray())
                        array.Add(ToNode(element));
                    return array;
                case JsonValueKind.String:
                    return JsonValue.Create(value.GetString());
                case JsonValueKind.True or JsonValueKind.False:
                    return JsonValue.Create(value.GetBoolean());
                case JsonValueKind.Number:
                    return JsonNode.Parse(value.GetRawText());
                default:
                    return null;
            }
        }
    }
}
