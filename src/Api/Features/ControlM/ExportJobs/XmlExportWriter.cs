using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

/// <summary>
/// A <c>DEFTABLE</c> the XML reader reads back into the same definitions: <c>FOLDER</c>/<c>SMART_FOLDER</c>/<c>TABLE</c>
/// with <c>SUB_FOLDER</c>s nested by path, each <c>JOB</c> with its modelled fields, its stored attributes, <c>INCOND</c>,
/// <c>OUTCOND</c>, <c>VARIABLE</c> and the children kept whole (<c>ON</c>/<c>DOCOND</c>, <c>SHOUT</c> …).
/// </summary>
internal sealed class XmlExportWriter(Stream body) : ExportWriter
{
    const string ElementsKey = "$elements";

    readonly XmlWriter _xml = XmlWriter.Create(body, new XmlWriterSettings
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CloseOutput = false,
    });

    public override string ContentType => "application/xml";
    public override string Extension => "xml";

    public override async Task StartAsync()
    {
        await _xml.WriteStartDocumentAsync();
        await _xml.WriteStartElementAsync(null, "DEFTABLE", null);
    }

    public override async Task EndAsync()
    {
        await _xml.WriteEndElementAsync();
        await _xml.WriteEndDocumentAsync();
        await _xml.FlushAsync();
    }

    public override Task FlushAsync() => _xml.FlushAsync();

    public override ValueTask DisposeAsync() => _xml.DisposeAsync();

    public override async Task OpenFolderAsync(ExportFolder folder)
    {
        var attributes = folder.Definition?.Attributes ?? [];
        var written = new HashSet<string>(StringComparer.Ordinal);
        await _xml.WriteStartElementAsync(null, folder.Depth > 0 ? "SUB_FOLDER" : folder.Kind switch
        {
            FolderKinds.Smart => "SMART_FOLDER",
            FolderKinds.Table => "TABLE",
            _ => "FOLDER",
        }, null);
        if (folder.Depth == 0 && folder.Datacenter.Length > 0)
            await AttributeAsync(written, "DATACENTER", folder.Datacenter);
        await AttributeAsync(written, NameKey(folder, attributes), folder.Name);
        if (folder.ParentPath is { } parent)
            await AttributeAsync(written, "PARENT_FOLDER", parent);
        await AttributesAsync(written, attributes);
        if (folder.Definition is { } definition)
            await ChildrenAsync(definition.InConditions, definition.OutConditions, [], attributes);
    }

    /// <summary>
    /// The reader names a folder by the first of these that is not empty; the import dropped that one and kept the others
    /// (an empty <c>FOLDER_NAME</c> of a <c>TABLE</c>, a smart folder's <c>JOBNAME</c>), so the first not kept is the one it had.
    /// </summary>
    static string NameKey(ExportFolder folder, JsonObject attributes)
    {
        string[] keys = folder.Depth > 0 ? ["JOBNAME", "FOLDER_NAME", "TABLE_NAME"]
            : folder.Kind == FolderKinds.Table && !attributes.ContainsKey("TABLE_NAME") ? ["TABLE_NAME"]
            : ["FOLDER_NAME", "TABLE_NAME", "JOBNAME"];
        return keys.FirstOrDefault(k => !attributes.ContainsKey(k)) ?? keys[0];
    }

    public override Task CloseFolderAsync(ExportFolder folder) => _xml.WriteEndElementAsync();

    public override async Task WriteJobAsync(JobDefinition job)
    {
        var attributes = job.Attributes;
        var written = new HashSet<string>(StringComparer.Ordinal);
        await _xml.WriteStartElementAsync(null, "JOB", null);
        await AttributeAsync(written, "JOBNAME", job.JobName);
        await AttributeAsync(written, "PARENT_FOLDER", job.FolderPath);
        // A field read from an alias (GROUP, FILE_NAME, FILE_PATH, OWNER) while the file also had the main name, which the
        // import then kept as an attribute, goes back under its alias: the reader takes the first of the two it meets.
        (string Name, string? Alias, string? Value)[] fields =
        [
            ("APPLICATION", null, job.Application), ("SUB_APPLICATION", "GROUP", job.SubApplication), ("MEMNAME", "FILE_NAME", job.MemName),
            ("MEMLIB", "FILE_PATH", job.MemLib), ("NODEID", null, job.NodeId), ("RUN_AS", "OWNER", job.RunAs), ("TASKTYPE", null, job.TaskType),
            ("CMDLINE", null, job.CmdLine), ("DESCRIPTION", null, job.Description), ("CYCLIC", null, job.IsCyclic ? "1" : "0"),
            ("INTERVAL", null, job.Interval), ("PRIORITY", null, job.Priority), ("CRITICAL", null, job.IsCritical ? "1" : "0"),
            ("DAYSCAL", null, job.DaysCalendar), ("WEEKSCAL", null, job.WeeksCalendar), ("TIMEFROM", null, job.FromTime), ("TIMETO", null, job.ToTime),
        ];
        foreach (var (name, alias, value) in fields)
        {
            if (value is not null)
                await AttributeAsync(written, alias is not null && attributes.ContainsKey(name) ? alias : name, value);
        }
        await AttributesAsync(written, attributes);
        await ChildrenAsync(job.InConditions, job.OutConditions, job.Variables, attributes);
        await _xml.WriteEndElementAsync();
    }

    async Task ChildrenAsync(IReadOnlyList<InCondition> ins, IReadOnlyList<OutCondition> outs, IReadOnlyList<JobVariable> variables, JsonObject attributes)
    {
        foreach (var condition in ins)
        {
            await _xml.WriteStartElementAsync(null, "INCOND", null);
            await _xml.WriteAttributeStringAsync(null, "NAME", null, condition.Name);
            if (condition.Odate is not null)
                await _xml.WriteAttributeStringAsync(null, "ODATE", null, condition.Odate);
            await _xml.WriteAttributeStringAsync(null, "AND_OR", null, condition.AndOr == "or" ? "O" : "A");
            if (condition.Bracket is not null)
                await _xml.WriteAttributeStringAsync(null, "OP", null, condition.Bracket);
            await _xml.WriteEndElementAsync();
        }
        foreach (var condition in outs.Where(c => !c.Conditional))
            await ConditionAsync("OUTCOND", condition);
        foreach (var variable in variables)
        {
            await _xml.WriteStartElementAsync(null, "VARIABLE", null);
            await _xml.WriteAttributeStringAsync(null, "NAME", null, variable.Name);
            if (variable.Value is not null)
                await _xml.WriteAttributeStringAsync(null, "VALUE", null, variable.Value);
            await _xml.WriteEndElementAsync();
        }
        var elements = attributes[ElementsKey] as JsonArray ?? [];
        foreach (var element in elements.OfType<JsonObject>())
            await ElementAsync(element);
        // Conditional posts an XML file made come back inside their ON; those of a JSON If have no ON to sit in, so they get
        // one that matches any code (the If's own condition stays in the JSON attributes, which XML cannot carry).
        var conditional = outs.Where(c => c.Conditional).ToList();
        if (conditional.Count > 0 && !elements.OfType<JsonObject>().Any(e => Text(e["element"]) == "ON"))
        {
            await _xml.WriteStartElementAsync(null, "ON", null);
            await _xml.WriteAttributeStringAsync(null, "STMT", null, "*");
            await _xml.WriteAttributeStringAsync(null, "CODE", null, "*");
            foreach (var condition in conditional)
                await ConditionAsync("DOCOND", condition);
            await _xml.WriteEndElementAsync();
        }
    }

    async Task ConditionAsync(string element, OutCondition condition)
    {
        await _xml.WriteStartElementAsync(null, element, null);
        await _xml.WriteAttributeStringAsync(null, "NAME", null, condition.Name);
        if (condition.Odate is not null)
            await _xml.WriteAttributeStringAsync(null, "ODATE", null, condition.Odate);
        await _xml.WriteAttributeStringAsync(null, "SIGN", null, condition.Sign);
        await _xml.WriteEndElementAsync();
    }

    /// <summary>An unmodelled child as the import kept it: <c>{element, attributes, children, text?}</c>.</summary>
    async Task ElementAsync(JsonObject element)
    {
        if (Text(element["element"]) is not { } name || !IsName(name))
            return;
        await _xml.WriteStartElementAsync(null, name, null);
        if (element["attributes"] is JsonObject attributes)
            await AttributesAsync(new HashSet<string>(StringComparer.Ordinal), attributes);
        if (Text(element["text"]) is { } text)
            await _xml.WriteStringAsync(text);
        if (element["children"] is JsonArray children)
        {
            foreach (var child in children.OfType<JsonObject>())
                await ElementAsync(child);
        }
        await _xml.WriteEndElementAsync();
    }

    /// <summary>
    /// The stored attributes that are XML attributes. Values that are not text, and names that are no XML name, come from
    /// an Automation API file and have no place in a DEFTABLE; each name is written once, so the document stays well-formed.
    /// </summary>
    async Task AttributesAsync(HashSet<string> written, JsonObject attributes)
    {
        foreach (var (key, value) in attributes)
        {
            if (key != ElementsKey && IsName(key) && Text(value) is { } text)
                await AttributeAsync(written, key, text);
        }
    }

    async Task AttributeAsync(HashSet<string> written, string name, string value)
    {
        if (written.Add(name))
            await _xml.WriteAttributeStringAsync(null, name, null, value);
    }

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    static bool IsName(string name) => name.Length > 0 && XmlConvert.IsStartNCNameChar(name[0]) && name.All(XmlConvert.IsNCNameChar);
}
