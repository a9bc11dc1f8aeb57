using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentValidation;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>
/// The members of a job that a create or an update sends (contract §10), each optional: an update changes only the members
/// sent, and an empty string clears a text member. <c>groupName</c> and <c>owner</c> are the original web client's names
/// for <c>subApplication</c> and <c>runAs</c>; when both are sent, the contract's name wins.
/// </summary>
internal abstract class JobInput
{
    public string? Datacenter { get; init; }
    public string? Folder { get; init; }
    public string? JobName { get; init; }
    public string? Application { get; init; }
    public string? SubApplication { get; init; }

    /// <summary>The original web client's name of <c>subApplication</c>.</summary>
    public string? GroupName { get; init; }

    public string? MemName { get; init; }
    public string? MemLib { get; init; }
    public string? NodeId { get; init; }
    public string? RunAs { get; init; }

    /// <summary>The original web client's name of <c>runAs</c>.</summary>
    public string? Owner { get; init; }

    public string? TaskType { get; init; }
    public string? CmdLine { get; init; }
    public string? Description { get; init; }
    public bool? IsCyclic { get; init; }
    public string? Interval { get; init; }
    public string? Priority { get; init; }
    public bool? IsCritical { get; init; }
    public string? DaysCalendar { get; init; }
    public string? WeeksCalendar { get; init; }
    public string? FromTime { get; init; }
    public string? ToTime { get; init; }
    public bool? IsActive { get; init; }

    /// <summary>Replace the job's prerequisites: <c>andOr</c> is <c>and</c>/<c>or</c> (or <c>A</c>/<c>O</c>), <c>bracket</c> <c>(</c> or <c>)</c>.</summary>
    public List<InConditionInput>? InConditions { get; init; }

    /// <summary>Replace what the job posts (<c>sign</c> <c>+</c>/<c>ADD</c>) or deletes (<c>-</c>/<c>DEL</c>) when it ends.</summary>
    public List<OutConditionInput>? OutConditions { get; init; }

    public List<VariableInput>? Variables { get; init; }

    /// <summary>Replace the attributes that have no member of their own (what an export carries besides the modelled fields).</summary>
    public JsonObject? Attributes { get; init; }

    string? linkedScriptId;

    /// <summary>The script the job runs (a UUID); on an update, <c>null</c> unlinks it.</summary>
    public string? LinkedScriptId
    {
        get => linkedScriptId;
        init
        {
            linkedScriptId = value;
            SendsLinkedScriptId = true;
        }
    }

    /// <summary>Whether the body has <c>linkedScriptId</c> at all, so that an update tells "unlink" (null) from "leave".</summary>
    [JsonIgnore]
    public bool SendsLinkedScriptId { get; private set; }

    [JsonIgnore]
    public string? SubApplicationSent => SubApplication ?? GroupName;
    [JsonIgnore]
    public string? RunAsSent => RunAs ?? Owner;

    /// <summary>This input applied over <paramref name="current"/> (a new job starts from an empty one).</summary>
    public JobDefinition ApplyTo(JobDefinition current) => current with
    {
        Datacenter = Datacenter?.Trim() ?? current.Datacenter,
        FolderPath = Folder?.Trim() ?? current.FolderPath,
        JobName = JobName?.Trim() ?? current.JobName,
        Application = Text(Application, current.Application),
        SubApplication = Text(SubApplicationSent, current.SubApplication),
        MemName = Text(MemName, current.MemName),
        MemLib = Text(MemLib, current.MemLib),
        NodeId = Text(NodeId, current.NodeId),
        RunAs = Text(RunAsSent, current.RunAs),
        TaskType = Text(TaskType, current.TaskType),
        CmdLine = Text(CmdLine, current.CmdLine),
        Description = Text(Description, current.Description),
        IsCyclic = IsCyclic ?? current.IsCyclic,
        Interval = Text(Interval, current.Interval),
        Priority = Text(Priority, current.Priority),
        IsCritical = IsCritical ?? current.IsCritical,
        DaysCalendar = Text(DaysCalendar, current.DaysCalendar),
        WeeksCalendar = Text(WeeksCalendar, current.WeeksCalendar),
        FromTime = Text(FromTime, current.FromTime),
        ToTime = Text(ToTime, current.ToTime),
        IsActive = IsActive ?? current.IsActive,
        InConditions = InConditions is null
            ? current.InConditions
            : [.. InConditions.Select(c => new InCondition(c.Name!.Trim(), Text(c.Odate, null), ControlMForms.AndOr(c.AndOr), ControlMForms.Bracket(c.Bracket)))],
        OutConditions = OutConditions is null
            ? current.OutConditions
            : [.. OutConditions.Select(c => new OutCondition(c.Name!.Trim(), Text(c.Odate, null), ControlMForms.Sign(c.Sign), c.Conditional ?? false))],
        Variables = Variables is null
            ? current.Variables
            : [.. Variables.Select(v => new JobVariable(ControlMForms.VariableName(v.Name!.Trim()), v.Value))],
        Attributes = Attributes is null ? current.Attributes : (JsonObject)Attributes.DeepClone(),
    };

    static string? Text(string? sent, string? current) => sent is null ? current : sent.Trim() is "" ? null : sent.Trim();
}

internal sealed record InConditionInput(string? Name, string? Odate, string? AndOr, string? Bracket);

internal sealed record OutConditionInput(string? Name, string? Odate, string? Sign, bool? Conditional);

internal sealed record VariableInput(string? Name, string? Value);

/// <summary>The rules a job's members obey on a create and an update (an import takes what the export says).</summary>
internal static class JobRules
{
    public const int MaxNameLength = 255;
    public const int MaxTextLength = 1024;
    public const int MaxLongTextLength = 8192;
    public const int MaxConditions = 500;
    public const int MaxVariables = 500;

    static readonly string[] Signs = ["+", "-", "ADD", "DEL"];
    static readonly string[] AndOrs = ["AND", "OR", "A", "O"];

    public static void Apply<T>(AbstractValidator<T> v) where T : JobInput
    {
        v.RuleFor(x => x.JobName).Must(n => n is null || IsName(n)).WithMessage($"is 1 to {MaxNameLength} characters without control characters.");
        v.RuleFor(x => x.Datacenter).Must(d => d is null || (d.Length <= MaxNameLength && !d.Any(char.IsControl)))
            .WithMessage($"is at most {MaxNameLength} characters without control characters.");
        v.RuleFor(x => x.Folder).Must(f => f is null || IsFolderPath(f))
            .WithMessage("is a folder path such as 'Top' or 'Top/Sub': non-empty names separated by '/', without control characters.");
        foreach (var (member, name) in ShortTexts)
            v.RuleFor(x => member(x)).Must(IsShortText).WithName(name).OverridePropertyName(name)
                .WithMessage($"is at most {MaxTextLength} characters without control characters.");
        v.RuleFor(x => x.CmdLine).Must(IsLongText).WithMessage($"is at most {MaxLongTextLength} characters without NUL characters.");
        v.RuleFor(x => x.Description).Must(IsLongText).WithMessage($"is at most {MaxLongTextLength} characters without NUL characters.");
        v.RuleFor(x => x.InConditions).Must(c => c is null || c.Count <= MaxConditions).WithMessage($"holds at most {MaxConditions} conditions.");
        v.RuleForEach(x => x.InConditions).Must(c => c is not null && IsName(c.Name) && IsShortText(c.Odate)
                && (c.AndOr is null || AndOrs.Contains(c.AndOr.Trim().ToUpperInvariant())) && c.Bracket is null or "(" or ")")
            .WithMessage("each condition has a name (1 to 255 characters), and optionally odate, andOr (and, or) and bracket ('(' or ')').");
        v.RuleFor(x => x.OutConditions).Must(c => c is null || c.Count <= MaxConditions).WithMessage($"holds at most {MaxConditions} conditions.");
        v.RuleForEach(x => x.OutConditions).Must(c => c is not null && IsName(c.Name) && IsShortText(c.Odate)
                && (c.Sign is null || Signs.Contains(c.Sign.Trim().ToUpperInvariant())))
            .WithMessage("each condition has a name (1 to 255 characters), and optionally odate, sign (+, -, ADD, DEL) and conditional.");
        v.RuleFor(x => x.Variables).Must(c => c is null || c.Count <= MaxVariables).WithMessage($"holds at most {MaxVariables} variables.");
        v.RuleForEach(x => x.Variables).Must(x => x is not null && IsName(x.Name) && IsLongText(x.Value))
            .WithMessage("each variable has a name (1 to 255 characters) and a value of at most 8192 characters.");
        v.RuleFor(x => x.LinkedScriptId).Must(s => s is null || Guid.TryParse(s, out _)).WithMessage("is the id of a script (a UUID).");
    }

    static readonly (Func<JobInput, string?> Member, string Name)[] ShortTexts =
    [
        (x => x.Application, "application"), (x => x.SubApplicationSent, "subApplication"), (x => x.MemName, "memName"),
        (x => x.MemLib, "memLib"), (x => x.NodeId, "nodeId"), (x => x.RunAsSent, "runAs"), (x => x.TaskType, "taskType"),
        (x => x.Interval, "interval"), (x => x.Priority, "priority"), (x => x.DaysCalendar, "daysCalendar"),
        (x => x.WeeksCalendar, "weeksCalendar"), (x => x.FromTime, "fromTime"), (x => x.ToTime, "toTime"),
    ];

    static bool IsName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength && !name.Any(char.IsControl);

    static bool IsShortText(string? text) => text is null || (text.Length <= MaxTextLength && !text.Any(char.IsControl));

    static bool IsLongText(string? text) => text is null || (text.Length <= MaxLongTextLength && !text.Contains('\0'));

    static bool IsFolderPath(string path) =>
        path.Trim().Length is > 0 and <= MaxTextLength && !path.Any(char.IsControl)
        && path.Trim().Split('/').All(segment => segment.Trim().Length > 0);
}
