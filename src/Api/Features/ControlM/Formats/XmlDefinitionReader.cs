using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// Reads a Control-M XML export (<c>DEFTABLE</c>) node by node: at most the job being read (and the folders around it,
/// without their jobs) is in memory. DTDs are refused, nothing is validated against a schema or a namespace.
/// </summary>
internal static class XmlDefinitionReader
{
    // Comments and whitespace that real exports put before the declaration; beyond this the file is given to XmlReader as is.
    const int MaxJunkBeforeDeclaration = 64 * 1024;
    const string ElementsKey = "$elements";

    public static async IAsyncEnumerable<ControlMItem> ReadAsync(Stream stream, ControlMReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Exports declare ISO-8859-1 (built in) and sometimes windows-1252 (a code page).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (source, lineOffset, columnOffset) = await SkipJunkBeforeDeclarationAsync(stream, cancellationToken);
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.None,
            IgnoreWhitespace = true,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
            LineNumberOffset = lineOffset,
            LinePositionOffset = columnOffset,
        };
        using var xml = XmlReader.Create(source, settings);
        var walker = new Walker(xml, options);
        while (await walker.ReadAsync(cancellationToken))
        {
            if (walker.Step() is { } item)
                yield return item;
        }
        walker.CheckComplete();
    }

    /// <summary>
    /// A comment (or whitespace) before <c>&lt;?xml …?&gt;</c> is not well-formed XML, yet real sample files start so. When
    /// one is there, XmlReader gets the bytes from the declaration on, told where they start so its lines stay those of the file.
    /// </summary>
    static async Task<(Stream Source, int LineOffset, int ColumnOffset)> SkipJunkBeforeDeclarationAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[MaxJunkBeforeDeclaration];
        var length = await PrefixedStream.FillAsync(stream, head, cancellationToken);
        var bytes = head.AsSpan(0, length);
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var i = start;
        var skipped = false;
        while (i < bytes.Length)
        {
            if (bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
                skipped = true;
            }
            else if (bytes[i..].StartsWith("<!--"u8))
            {
                var end = bytes[(i + 4)..].IndexOf("-->"u8);
                if (end < 0)
                    break;
                i += 4 + end + 3;
                skipped = true;
            }
            else
                break;
        }
        if (!skipped || !bytes[i..].StartsWith("<?xml"u8))
            return (new PrefixedStream(head.AsMemory(0, length), stream), 0, 0);
        var lines = 0;
        var lineStart = 0;
        for (var k = 0; k < i; k++)
        {
            if (bytes[k] == '\n' || (bytes[k] == '\r' && (k + 1 >= i || bytes[k + 1] != '\n')))
            {
                lines++;
                lineStart = k + 1;
            }
        }
        var column = i - (lines == 0 ? start : lineStart);
        return (new PrefixedStream(head.AsMemory(i, length - i), stream), lines, column);
    }

    abstract class Frame;

    sealed class IgnoredFrame : Frame
    {
        public static readonly IgnoredFrame Instance = new();
    }

    sealed class RootFrame : Frame;

    /// <summary>A folder or a job: what it waits for, what it posts, and what has no field.</summary>
    abstract class OwnerFrame(string location) : Frame
    {
        public string Location { get; } = location;
        public JsonObject Attributes { get; } = [];
        public JsonArray? Elements { get; set; }
        public List<InCondition> InConditions { get; } = [];
        public List<OutCondition> OutConditions { get; } = [];

        public JsonObject FinishAttributes()
        {
            if (Elements is not null)
                Attributes[ElementsKey] = Elements;
            return Attributes;
        }
    }

    sealed class FolderFrame(string datacenter, string path, string kind, string location) : OwnerFrame(location)
    {
        public string Datacenter { get; } = datacenter;
        public string Path { get; } = path;
        public string Kind { get; } = kind;
    }

    sealed class JobFrame(FolderFrame folder, string location) : OwnerFrame(location)
    {
        public FolderFrame Folder { get; } = folder;
        public Dictionary<string, string> Fields { get; } = [];
        public List<JobVariable> Variables { get; } = [];
    }

    /// <summary>An unmodelled child kept whole; <see cref="Owner"/> receives the <c>DOCOND</c>s found inside an <c>ON</c>.</summary>
    sealed class ElementFrame(JsonObject node, OwnerFrame? owner) : Frame
    {
        public JsonObject Node { get; } = node;
        public OwnerFrame? Owner { get; } = owner;
    }

    sealed class Walker(XmlReader xml, ControlMReaderOptions options)
    {
        readonly List<Frame> _stack = [];
        readonly Occurrences _occurrences = new();
        readonly IXmlLineInfo _line = (IXmlLineInfo)xml;
        bool _sawRoot;

        public async Task<bool> ReadAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await xml.ReadAsync();
            }
            catch (XmlException e)
            {
                // The DTD refusal carries no position; the reader's own is where it stopped.
                var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition) : (_line.LineNumber, _line.LinePosition);
                throw Ill(e, $"{Math.Max(line, 1)}:{Math.Max(column, 1)}");
            }
        }

        public void CheckComplete()
        {
            if (!_sawRoot)
                throw new ControlMFormatException("1:1", "The file has no DEFTABLE element: it is not a Control-M XML export.");
        }

        static ControlMFormatException Ill(XmlException e, string location)
        {
            // XmlException has no code to test; its text is the only sign of a refused DTD.
            if (e.Message.Contains("DTD", StringComparison.Ordinal))
                return new ControlMFormatException(location, "The file has a DTD (<!DOCTYPE …>). Control-M exports have none, and DTDs are refused because they can expand entities without bound or read other files.", e);
            return new ControlMFormatException(location, $"The XML is not well-formed: {e.Message}", e);
        }

        string Here => $"{_line.LineNumber}:{Math.Max(_line.LinePosition - 1, 1)}";

        public ControlMItem? Step()
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    var empty = xml.IsEmptyElement;
                    var frame = Open();
                    if (empty)
                        return Close(frame);
                    _stack.Add(frame);
                    return null;
                case XmlNodeType.EndElement:
                    var top = _stack[^1];
                    _stack.RemoveAt(_stack.Count - 1);
                    return Close(top);
                case XmlNodeType.Text or XmlNodeType.CDATA when _stack.Count > 0 && _stack[^1] is ElementFrame element:
                    element.Node["text"] = xml.Value;
                    return null;
                default:
                    return null;
            }
        }

        Frame Open()
        {
            var name = xml.LocalName;
            if (_stack.Count == 0)
            {
                if (name != "DEFTABLE")
                    throw new ControlMFormatException(Here, $"The root element is {name}, not DEFTABLE: the file is not a Control-M XML export.");
                _sawRoot = true;
                return new RootFrame();
            }
            var parent = _stack[^1];
            return parent switch
            {
                RootFrame => FolderKind(name) is { } kind ? OpenFolder(null, kind) : IgnoredFrame.Instance,
                FolderFrame folder when name == "JOB" => OpenJob(folder),
                FolderFrame folder when name == "SUB_FOLDER" => OpenFolder(folder, FolderKinds.Sub),
                OwnerFrame owner => OpenOwnerChild(owner, name),
                ElementFrame element => Capture(element.Node["children"]!.AsArray(), element.Owner),
                _ => IgnoredFrame.Instance,
            };
        }

        static string? FolderKind(string name) => name switch
        {
            "FOLDER" => FolderKinds.Folder,
            "SMART_FOLDER" or "SMART_TABLE" or "SCHED_GROUP" => FolderKinds.Smart,
            "TABLE" or "SCHED_TABLE" => FolderKinds.Table,
            _ => null,
        };

        List<(string Name, string Value)> Attributes()
        {
            var attributes = new List<(string, string)>();
            while (xml.MoveToNextAttribute())
                attributes.Add((xml.Name, xml.Value));
            xml.MoveToElement();
            return attributes;
        }

        FolderFrame OpenFolder(FolderFrame? parent, string kind)
        {
            var location = Here;
            var attributes = Attributes();
            // A SUB_FOLDER is named by JOBNAME; the others by FOLDER_NAME (v8+) or TABLE_NAME (EM 6), with JOBNAME kept as given.
            string[] nameKeys = parent is null ? ["FOLDER_NAME", "TABLE_NAME", "JOBNAME"] : ["JOBNAME", "FOLDER_NAME", "TABLE_NAME"];
            var nameKey = nameKeys.FirstOrDefault(key => attributes.Any(a => a.Name == key && a.Value.Length > 0))
                ?? throw new ControlMFormatException(location, $"A {xml.LocalName} has no {string.Join(", ", nameKeys[..2])}.");
            var name = attributes.First(a => a.Name == nameKey).Value;
            var datacenter = parent?.Datacenter
                ?? attributes.Where(a => a.Name == "DATACENTER" && !string.IsNullOrWhiteSpace(a.Value)).Select(a => a.Value).FirstOrDefault()
                ?? options.DefaultDatacenter;
            var frame = new FolderFrame(datacenter, parent is null ? name : $"{parent.Path}/{name}", kind, location);
            foreach (var (key, value) in attributes)
            {
                // The path and datacenter come from the nesting; PARENT_FOLDER repeats them.
                if (key == nameKey || key == "DATACENTER" || (parent is not null && key is "PARENT_FOLDER" or "PARENT_TABLE"))
                    continue;
                frame.Attributes[key] = value;
            }
            return frame;
        }

        JobFrame OpenJob(FolderFrame folder)
        {
            var frame = new JobFrame(folder, Here);
            foreach (var (key, value) in Attributes())
            {
                if (key is "PARENT_FOLDER" or "PARENT_TABLE")
                    continue;
                var field = JobField(key);
                if (field is not null && frame.Fields.TryAdd(field, value))
                    continue;
                frame.Attributes[key] = value;
            }
            if (!frame.Fields.ContainsKey("JOBNAME"))
                throw new ControlMFormatException(frame.Location, $"A JOB in folder {folder.Path} has no JOBNAME.");
            return frame;
        }

        static string? JobField(string attribute) => attribute switch
        {
            "JOBNAME" or "APPLICATION" or "SUB_APPLICATION" or "MEMNAME" or "MEMLIB" or "NODEID" or "RUN_AS" or "TASKTYPE" or "CMDLINE"
                or "DESCRIPTION" or "CYCLIC" or "INTERVAL" or "PRIORITY" or "CRITICAL" or "DAYSCAL" or "WEEKSCAL" or "TIMEFROM" or "TIMETO" => attribute,
            "GROUP" => "SUB_APPLICATION",
            "FILE_NAME" => "MEMNAME",
            "FILE_PATH" => "MEMLIB",
            "OWNER" => "RUN_AS",
            _ => null,
        };

        Frame OpenOwnerChild(OwnerFrame owner, string name)
        {
            switch (name)
            {
                case "INCOND":
                    var incond = Attributes();
                    owner.InConditions.Add(new InCondition(ConditionName(incond, name), Value(incond, "ODATE"), ControlMForms.AndOr(Value(incond, "AND_OR")), ControlMForms.Bracket(Value(incond, "OP"))));
                    return IgnoredFrame.Instance;
                case "OUTCOND":
                    var outcond = Attributes();
                    owner.OutConditions.Add(new OutCondition(ConditionName(outcond, name), Value(outcond, "ODATE"), ControlMForms.Sign(Value(outcond, "SIGN")), false));
                    return IgnoredFrame.Instance;
                case "VARIABLE" or "AUTOEDIT2" when owner is JobFrame job:
                    var variable = Attributes();
                    if (Value(variable, "NAME") is { Length: > 0 } variableName)
                        job.Variables.Add(new JobVariable(ControlMForms.VariableName(variableName), Value(variable, "VALUE")));
                    return IgnoredFrame.Instance;
                case "AUTOEDIT" when owner is JobFrame job:
                    // EM 6: EXP="%%X=value".
                    var expression = Value(Attributes(), "EXP") ?? "";
                    var equals = expression.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                        job.Variables.Add(new JobVariable(ControlMForms.VariableName(expression[..equals].Trim()), expression[(equals + 1)..]));
                    return IgnoredFrame.Instance;
                case "ON":
                    return Capture(owner.Elements ??= [], owner);
                default:
                    return Capture(owner.Elements ??= [], null);
            }
        }

        string ConditionName(List<(string Name, string Value)> attributes, string element) =>
            Value(attributes, "NAME") is { Length: > 0 } name ? name : throw new ControlMFormatException(Here, $"An {element} has no NAME.");

        static string? Value(List<(string Name, string Value)> attributes, string name)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Name == name)
                    return attribute.Value;
            }
            return null;
        }

        /// <summary>Keeps an element whole, in order; a <c>DOCOND</c> under an <c>ON</c> is also a conditional out condition.</summary>
        Frame Capture(JsonArray into, OwnerFrame? conditionsOwner)
        {
            var name = xml.LocalName;
            var list = Attributes();
            var attributes = new JsonObject();
            foreach (var (key, value) in list)
                attributes[key] = value;
            var node = new JsonObject { ["element"] = name, ["attributes"] = attributes, ["children"] = new JsonArray() };
            into.Add(node);
            if (name == "DOCOND" && conditionsOwner is not null && Value(list, "NAME") is { Length: > 0 } condition)
                conditionsOwner.OutConditions.Add(new OutCondition(condition, Value(list, "ODATE"), ControlMForms.Sign(Value(list, "SIGN")), true));
            return new ElementFrame(node, conditionsOwner);
        }

        ControlMItem? Close(Frame frame) => frame switch
        {
            JobFrame job => BuildJob(job),
            FolderFrame folder => new FolderDefinition(folder.Datacenter, folder.Path, folder.Kind, folder.FinishAttributes(), folder.InConditions, folder.OutConditions, folder.Location),
            _ => null,
        };

        JobDefinition BuildJob(JobFrame job)
        {
            var fields = job.Fields;
            var name = fields["JOBNAME"];
            var cyclic = ControlMForms.Flag(fields.GetValueOrDefault("CYCLIC"));
            // A job that does not cycle still carries INTERVAL="00001M" in most exports; it is no cycle interval, so it stays an attribute.
            if (!cyclic && fields.Remove("INTERVAL", out var interval))
                job.Attributes["INTERVAL"] = interval;
            return new JobDefinition(job.Location)
            {
                Datacenter = job.Folder.Datacenter,
                FolderPath = job.Folder.Path,
                JobName = name,
                Occurrence = _occurrences.Next(job.Folder.Datacenter, job.Folder.Path, name),
                Application = fields.GetValueOrDefault("APPLICATION"),
                SubApplication = fields.GetValueOrDefault("SUB_APPLICATION"),
                MemName = fields.GetValueOrDefault("MEMNAME"),
                MemLib = fields.GetValueOrDefault("MEMLIB"),
                NodeId = fields.GetValueOrDefault("NODEID"),
                RunAs = fields.GetValueOrDefault("RUN_AS"),
                TaskType = fields.GetValueOrDefault("TASKTYPE"),
                CmdLine = fields.GetValueOrDefault("CMDLINE"),
                Description = fields.GetValueOrDefault("DESCRIPTION"),
                IsCyclic = cyclic,
                Interval = fields.GetValueOrDefault("INTERVAL"),
                Priority = fields.GetValueOrDefault("PRIORITY"),
                IsCritical = ControlMForms.Flag(fields.GetValueOrDefault("CRITICAL")),
                DaysCalendar = fields.GetValueOrDefault("DAYSCAL"),
                WeeksCalendar = fields.GetValueOrDefault("WEEKSCAL"),
                FromTime = fields.GetValueOrDefault("TIMEFROM"),
                ToTime = fields.GetValueOrDefault("TIMETO"),
                InConditions = job.InConditions,
                OutConditions = job.OutConditions,
                Variables = job.Variables,
                Attributes = job.FinishAttributes(),
            };
        }
    }
}
