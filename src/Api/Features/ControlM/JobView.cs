using System.Text.Json;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>
/// A job as the API answers it (contract §10). <c>groupName</c> and <c>owner</c> repeat <c>subApplication</c> and <c>runAs</c>
/// for the original web client, and <c>jobId</c> is the scheduler's own number of the job (the export's <c>JOB_ID</c>
/// column, or <c>JOBISN</c> in XML), which that client shows as "ID:". Lists leave out what only one job's page shows (conditions, variables, attributes,
/// predecessors, successors): those are null there.
/// </summary>
public sealed class JobView
{
    public const string Columns = $"""
        j.id::text AS {nameof(Id)}, j.datacenter AS {nameof(Datacenter)}, j.folder AS {nameof(Folder)}, j.job_name AS {nameof(JobName)},
        j.occurrence AS {nameof(Occurrence)}, j.application AS {nameof(Application)}, j.sub_application AS {nameof(SubApplication)},
        j.mem_name AS {nameof(MemName)}, j.mem_lib AS {nameof(MemLib)}, j.node_id AS {nameof(NodeId)}, j.run_as AS {nameof(RunAs)},
        j.task_type AS {nameof(TaskType)}, j.cmd_line AS {nameof(CmdLine)}, j.description AS {nameof(Description)},
        j.is_cyclic AS {nameof(IsCyclic)}, j.interval AS {nameof(Interval)}, j.priority AS {nameof(Priority)},
        j.is_critical AS {nameof(IsCritical)}, j.days_calendar AS {nameof(DaysCalendar)}, j.weeks_calendar AS {nameof(WeeksCalendar)},
        j.from_time AS {nameof(FromTime)}, j.to_time AS {nameof(ToTime)}, j.is_active AS {nameof(IsActive)},
        j.script_id::text AS {nameof(LinkedScriptId)}, j.version AS {nameof(Version)}, j.created_at AS {nameof(CreatedAt)},
        j.updated_at AS {nameof(UpdatedAt)}, coalesce(j.attributes ->> 'JOB_ID', j.attributes ->> 'JOBISN') AS {nameof(JobId)}
        """;

    public string Id { get; set; } = "";
    public string? JobId { get; set; }
    public string Datacenter { get; set; } = "";
    public string Folder { get; set; } = "";
    public string JobName { get; set; } = "";
    public int Occurrence { get; set; }
    public string? Application { get; set; }
    public string? SubApplication { get; set; }
    public string? GroupName => SubApplication;
    public string? MemName { get; set; }
    public string? MemLib { get; set; }
    public string? NodeId { get; set; }
    public string? RunAs { get; set; }
    public string? Owner => RunAs;
    public string? TaskType { get; set; }
    public string? CmdLine { get; set; }
    public string? Description { get; set; }
    public bool IsCyclic { get; set; }
    public string? Interval { get; set; }
    public string? Priority { get; set; }
    public bool IsCritical { get; set; }
    public string? DaysCalendar { get; set; }
    public string? WeeksCalendar { get; set; }
    public string? FromTime { get; set; }
    public string? ToTime { get; set; }
    public bool IsActive { get; set; }
    public List<InConditionView>? InConditions { get; set; }
    public List<OutConditionView>? OutConditions { get; set; }
    public List<ConditionView>? Conditions { get; set; }
    public JsonElement? Variables { get; set; }
    public JsonElement? Attributes { get; set; }
    public List<JobEdgeView>? Predecessors { get; set; }
    public List<JobEdgeView>? Successors { get; set; }
    public LinkedScriptView? LinkedScript { get; set; }
    public string? LinkedScriptId { get; set; }
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed record InConditionView(string Name, string? Odate, string? AndOr, string? Bracket);

public sealed record OutConditionView(string Name, string? Odate, string? Sign, bool Conditional);

/// <summary>The original web client's flat list of a job's conditions.</summary>
public sealed record ConditionView(string ConditionType, string ConditionName, string? Odate);

/// <summary>A neighbour in the graph: the job, and the condition (or <c>flow</c>) that makes the edge.</summary>
public sealed class JobEdgeView
{
    public string Id { get; set; } = "";
    public string JobName { get; set; } = "";
    public string Folder { get; set; } = "";
    public string Condition { get; set; } = "";

    /// <summary>How the edge arises: <c>condition</c>, <c>conditional</c> (an ON/DOCOND post) or <c>flow</c>.</summary>
    public string Kind { get; set; } = "";
}

public sealed record LinkedScriptView(string Id, string Name);
