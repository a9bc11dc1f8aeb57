using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

/// <summary>
/// An Automation API (jobs-as-code) file the JSON reader reads back into the same definitions: top-level folders
/// (<c>Folder</c>, <c>SimpleFolder</c>, with <c>ControlmServer</c>), <c>SubFolder</c>s nested inside, and each folder's jobs
/// in its <c>Jobs</c> array — the form that allows same-named jobs, which real folders have — with <c>Type: "Job:…"</c>,
/// the modelled fields under their Automation API names, the stored properties, and the event lists.
/// </summary>
internal sealed class JsonExportWriter(Stream body) : ExportWriter
{
    const int FlushBytes = 32 * 1024;

    readonly Utf8JsonWriter _json = new(body, new JsonWriterOptions
    {
        Indented = true,
        // A download, never inlined into HTML: keep non-ASCII text readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>For each open folder, whether its <c>Jobs</c> array is open: jobs come before the sub-folders.</summary>
    readonly Stack<bool> _jobsOpen = new();

    public override string ContentType => "application/json";
    public override string Extension => "json";

    public override Task StartAsync()
    {
        _json.WriteStartObject();
        return Task.CompletedTask;
    }

    public override async Task EndAsync()
    {
        _json.WriteEndObject();
        await _json.FlushAsync();
    }

    public override Task FlushAsync() => _json.FlushAsync();

    public override ValueTask DisposeAsync() => _json.DisposeAsync();

    public override async Task OpenFolderAsync(ExportFolder folder)
    {
        CloseJobs();
        _jobsOpen.Push(false);
        var attributes = folder.Definition?.Attributes ?? [];
        var used = new HashSet<string>(attributes.Select(a => a.Key), StringComparer.Ordinal) { "Type", "ControlmServer", "Jobs" };
        _json.WriteStartObject(folder.Name);
        _json.WriteString("Type", folder.Depth > 0 ? "SubFolder" : folder.Kind == FolderKinds.Simple ? "SimpleFolder" : "Folder");
        if (folder.Depth == 0 && folder.Datacenter.Length > 0)
            _json.WriteString("ControlmServer", folder.Datacenter);
        foreach (var (key, value) in attributes)
        {
            if (key is not ("Type" or "ControlmServer"))
                Property(key, value);
        }
        // Flow objects of an Automation API file are kept whole in the attributes; steps from anywhere else (a CSV's
        // Depends On) get one Flow each.
        var covered = attributes.Select(a => a.Value).OfType<JsonObject>().Where(o => Text(o["Type"]) == "Flow")
            .SelectMany(o => Pairs(o["Sequence"] as JsonArray ?? [])).ToHashSet();
        foreach (var flow in folder.Flows.Where(f => !covered.Contains((f.From, f.To))))
        {
            _json.WriteStartObject(Free(used, "Flow"));
            _json.WriteString("Type", "Flow");
            _json.WriteStartArray("Sequence");
            _json.WriteStringValue(flow.From);
            _json.WriteStringValue(flow.To);
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
        if (folder.Definition is { } definition)
            Events(used, attributes, definition.InConditions, definition.OutConditions);
        await FlushIfFullAsync();
    }

    static IEnumerable<(string, string)> Pairs(JsonArray sequence)
    {
        var names = sequence.Select(Text).Where(n => !string.IsNullOrEmpty(n)).Select(n => ControlMForms.Unescape(n!)).ToList();
        return names.Zip(names.Skip(1));
    }

    public override async Task CloseFolderAsync(ExportFolder folder)
    {
        CloseJobs();
        _jobsOpen.Pop();
        _json.WriteEndObject();
        await FlushIfFullAsync();
    }

    void CloseJobs()
    {
        if (_jobsOpen.Count == 0 || !_jobsOpen.Peek())
            return;
        _json.WriteEndArray();
        _jobsOpen.Pop();
        _jobsOpen.Push(false);
    }

    public override async Task WriteJobAsync(JobDefinition job)
    {
        if (!_jobsOpen.Peek())
        {
            _json.WriteStartArray("Jobs");
            _jobsOpen.Pop();
            _jobsOpen.Push(true);
        }
        var attributes = job.Attributes;
        var used = new HashSet<string>(attributes.Select(a => a.Key), StringComparer.Ordinal) { "Name", "Type" };
        _json.WriteStartObject();
        _json.WriteString("Name", job.JobName);
        _json.WriteString("Type", Text(attributes["Type"]) is { } type && type.StartsWith("Job", StringComparison.Ordinal) ? type : JobType(job));
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[
            ("Application", job.Application), ("SubApplication", job.SubApplication), ("Host", job.NodeId), ("RunAs", job.RunAs),
            ("Command", job.CmdLine), ("FileName", job.MemName), ("FilePath", job.MemLib), ("Description", job.Description), ("Priority", job.Priority)])
        {
            if (value is not null)
                _json.WriteString(name, value);
        }
        if (job.IsCritical)
            _json.WriteBoolean("Critical", true);
        if (job.Variables.Count > 0)
        {
            _json.WriteStartArray("Variables");
            foreach (var variable in job.Variables)
            {
                _json.WriteStartObject();
                // The reader puts the %% back.
                _json.WriteString(variable.Name.StartsWith("%%", StringComparison.Ordinal) ? variable.Name[2..] : variable.Name, variable.Value);
                _json.WriteEndObject();
            }
            _json.WriteEndArray();
        }
        foreach (var (key, value) in attributes)
        {
            if (key != "Type")
                Property(key, value);
        }
        Scheduling(used, job);
        Events(used, attributes, job.InConditions, job.OutConditions);
        _json.WriteEndObject();
        await FlushIfFullAsync();
    }

    static string JobType(JobDefinition job) => job.TaskType switch
    {
        "Command" => "Job:Command",
        "Dummy" => "Job:Dummy",
        _ => "Job:Script",
    };

    /// <summary>
    /// An Automation API job keeps its <c>When</c>, <c>Rerun</c> and <c>Enabled</c> whole in the attributes; a job from XML
    /// or CSV has only the fields, so they are written in the shape the reader takes them from.
    /// </summary>
    void Scheduling(HashSet<string> used, JobDefinition job)
    {
        if (!used.Contains("When") && (job.FromTime ?? job.ToTime ?? job.DaysCalendar ?? job.WeeksCalendar) is not null)
        {
            _json.WriteStartObject("When");
            foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[
                ("FromTime", job.FromTime), ("ToTime", job.ToTime), ("DaysCalendar", job.DaysCalendar), ("WeeksCalendar", job.WeeksCalendar)])
            {
                if (value is not null)
                    _json.WriteString(name, value);
            }
            _json.WriteEndObject();
        }
        if (!used.Contains("Rerun") && job.IsCyclic && job.Interval is { } interval)
        {
            _json.WriteStartObject("Rerun");
            var every = interval.Length == 6 && int.TryParse(interval[..5], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : interval;
            _json.WriteString("Every", every);
            _json.WriteString("Units", interval[^1] switch { 'H' => "Hours", 'D' => "Days", _ => "Minutes" });
            _json.WriteEndObject();
        }
        if (!job.IsActive && !used.Contains("Enabled") && !used.Contains("IsActive"))
            _json.WriteBoolean("Enabled", false);
    }

    /// <summary>
    /// What the job (or folder) waits for, with the <c>OR</c>, <c>(</c> and <c>)</c> tokens of its and/or and brackets, and
    /// what it adds and deletes. Conditional posts of an Automation API file sit in their <c>If</c>, kept in the attributes;
    /// those from XML (an <c>ON</c>/<c>DOCOND</c>) get one <c>If</c> for any completion status.
    /// </summary>
    void Events(HashSet<string> used, JsonObject attributes, IReadOnlyList<InCondition> ins, IReadOnlyList<OutCondition> outs)
    {
        if (ins.Count > 0)
        {
            _json.WriteStartObject(Free(used, "eventsToWaitFor"));
            _json.WriteString("Type", "WaitForEvents");
            _json.WriteStartArray("Events");
            foreach (var condition in ins)
            {
                if (condition.AndOr == "or")
                    _json.WriteStringValue("OR");
                if (condition.Bracket == "(")
                    _json.WriteStringValue("(");
                Event(condition.Name, condition.Odate);
                if (condition.Bracket == ")")
                    _json.WriteStringValue(")");
            }
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
        Posts(used, "eventsToAdd", "AddEvents", outs.Where(c => !c.Conditional && c.Sign == "+"));
        Posts(used, "eventsToDelete", "DeleteEvents", outs.Where(c => !c.Conditional && c.Sign == "-"));
        var conditional = outs.Where(c => c.Conditional).ToList();
        var hasIf = attributes.Any(a => a.Value is JsonObject o && Text(o["Type"]) is { } type && type.StartsWith("If", StringComparison.Ordinal));
        if (conditional.Count == 0 || hasIf)
            return;
        _json.WriteStartObject(Free(used, "IfCompleted"));
        _json.WriteString("Type", "If:CompletionStatus");
        _json.WriteString("CompletionStatus", "ANY");
        var inner = new HashSet<string>(StringComparer.Ordinal);
        Posts(inner, "eventsToAdd", "AddEvents", conditional.Where(c => c.Sign == "+"));
        Posts(inner, "eventsToDelete", "DeleteEvents", conditional.Where(c => c.Sign == "-"));
        _json.WriteEndObject();
    }

    void Posts(HashSet<string> used, string key, string type, IEnumerable<OutCondition> conditions)
    {
        var list = conditions.ToList();
        if (list.Count == 0)
            return;
        _json.WriteStartObject(Free(used, key));
        _json.WriteString("Type", type);
        _json.WriteStartArray("Events");
        foreach (var condition in list)
            Event(condition.Name, condition.Odate);
        _json.WriteEndArray();
        _json.WriteEndObject();
    }

    void Event(string name, string? odate)
    {
        _json.WriteStartObject();
        _json.WriteString("Event", name);
        if (ControlMForms.OdateToJson(odate) is { } orderDate)
            _json.WriteString("OrderDate", orderDate);
        _json.WriteEndObject();
    }

    void Property(string key, JsonNode? value)
    {
        _json.WritePropertyName(key);
        if (value is null)
            _json.WriteNullValue();
        else
            value.WriteTo(_json);
    }

    /// <summary><paramref name="key"/>, or <c>key2</c>, <c>key3</c> … when the object already has it.</summary>
    static string Free(HashSet<string> used, string key)
    {
        var free = key;
        for (var n = 2; !used.Add(free); n++)
            free = key + n.ToString(CultureInfo.InvariantCulture);
        return free;
    }

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    Task FlushIfFullAsync() => _json.BytesPending >= FlushBytes ? _json.FlushAsync() : Task.CompletedTask;
}
