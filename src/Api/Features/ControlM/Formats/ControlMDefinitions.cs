using System.Text.Json.Nodes;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// What a reader yields, in file order: the jobs of a folder, then its flow edges, then the folder itself (a folder's own
/// conditions may follow its jobs in an XML export, so it is complete only at its end). Every job names its folder.
/// </summary>
public abstract record ControlMItem(string Location);

/// <summary>
/// A container of jobs. <see cref="Path"/> is <c>Top</c> or <c>Top/Sub/SubSub</c>; <see cref="Kind"/> is one of
/// <see cref="FolderKinds"/>. <see cref="Attributes"/> holds what has no field (docs/controlm.md, "Formats").
/// </summary>
public sealed record FolderDefinition(
    string Datacenter,
    string Path,
    string Kind,
    JsonObject Attributes,
    IReadOnlyList<InCondition> InConditions,
    IReadOnlyList<OutCondition> OutConditions,
    string Location) : ControlMItem(Location);

/// <summary>
/// One job. Identity is <see cref="Datacenter"/> + <see cref="FolderPath"/> + <see cref="JobName"/> + <see cref="Occurrence"/>
/// (1 for the first job of that name in that folder within the file). Strings are null when the source has no such
/// attribute and empty when it has an empty one.
/// </summary>
public sealed record JobDefinition(string Location) : ControlMItem(Location)
{
    public required string Datacenter { get; init; }
    public required string FolderPath { get; init; }
    public required string JobName { get; init; }
    public int Occurrence { get; init; } = 1;
    public string? Application { get; init; }
    public string? SubApplication { get; init; }
    public string? MemName { get; init; }
    public string? MemLib { get; init; }
    public string? NodeId { get; init; }
    public string? RunAs { get; init; }
    public string? TaskType { get; init; }
    public string? CmdLine { get; init; }
    public string? Description { get; init; }
    public bool IsCyclic { get; init; }
    public string? Interval { get; init; }
    public string? Priority { get; init; }
    public bool IsCritical { get; init; }
    public string? DaysCalendar { get; init; }
    public string? WeeksCalendar { get; init; }
    public string? FromTime { get; init; }
    public string? ToTime { get; init; }
    public bool IsActive { get; init; } = true;
    public IReadOnlyList<InCondition> InConditions { get; init; } = [];
    public IReadOnlyList<OutCondition> OutConditions { get; init; } = [];
    public IReadOnlyList<JobVariable> Variables { get; init; } = [];
    public JsonObject Attributes { get; init; } = [];
}

/// <summary>
/// A condition the job (or folder) waits for. <see cref="Odate"/> is in the XML form (<c>ODAT</c>, <c>PREV</c>, <c>NEXT</c>,
/// <c>STAT</c>, <c>****</c>, <c>$$$$</c>, <c>mmdd</c>…) or null when absent; <see cref="AndOr"/> is <c>and</c> or <c>or</c>
/// (with the previous condition); <see cref="Bracket"/> is <c>(</c> on the first and <c>)</c> on the last of a group.
/// </summary>
public sealed record InCondition(string Name, string? Odate, string AndOr, string? Bracket);

/// <summary>
/// A condition the job posts (<see cref="Sign"/> <c>+</c>) or deletes (<c>-</c>) when it ends; <see cref="Conditional"/>
/// when it comes from an <c>ON</c>/<c>DOCOND</c> (JSON: an <c>If</c>) and so only for some completion codes.
/// </summary>
public sealed record OutCondition(string Name, string? Odate, string Sign, bool Conditional);

/// <summary>An Automation API <c>Flow</c> step (or a CSV <c>Depends On</c>): <see cref="From"/> runs before <see cref="To"/>, both job names of the folder.</summary>
public sealed record FlowEdge(string Datacenter, string FolderPath, string From, string To, string Location) : ControlMItem(Location);

/// <summary>A job variable; <see cref="Name"/> in the Control-M form <c>%%NAME</c> whatever the source wrote.</summary>
public sealed record JobVariable(string Name, string? Value);

/// <summary>The kinds of <see cref="FolderDefinition.Kind"/>.</summary>
public static class FolderKinds
{
    /// <summary>XML <c>FOLDER</c>: a regular folder.</summary>
    public const string Folder = "folder";

    /// <summary>XML <c>SMART_FOLDER</c> (EM 6 <c>SMART_TABLE</c>, <c>SCHED_GROUP</c>), Automation API <c>Folder</c>.</summary>
    public const string Smart = "smart";

    /// <summary>XML <c>SUB_FOLDER</c>, Automation API <c>SubFolder</c>.</summary>
    public const string Sub = "sub";

    /// <summary>EM 6/7 <c>TABLE</c> or <c>SCHED_TABLE</c>.</summary>
    public const string Table = "table";

    /// <summary>Automation API <c>SimpleFolder</c>; also the folder a CSV's jobs are put in.</summary>
    public const string Simple = "simple";
}

/// <summary>
/// What the file itself may not say: the datacenter of folders that name none, and the folder of CSV rows that have neither a
/// folder nor an application column value.
/// </summary>
public sealed record ControlMReaderOptions(string DefaultDatacenter = "", string DefaultFolder = ControlMReaderOptions.CsvFolder)
{
    public const string CsvFolder = "CSV";

    public static ControlMReaderOptions Default { get; } = new();
}
