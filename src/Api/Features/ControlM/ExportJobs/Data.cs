using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

internal static class Data
{
    /// <summary>An export of the whole catalog legitimately runs for minutes; the request path's short timeout would cut it off.</summary>
    const int CommandTimeoutSeconds = 600;

    /// <summary>
    /// Folders and jobs in one stream, in the order a file nests them: by datacenter, then by folder path compared segment by
    /// segment (so <c>Top</c>, <c>Top/Sub</c>, <c>Top-2</c> — a plain text order would put <c>Top-2</c> between a folder and
    /// its sub-folder), a folder before its jobs, jobs by name and occurrence (a file numbers same-named jobs in its order).
    /// A job's conditions come along as two jsonb arrays in the reader's form, never one query per job. Folder rows are the
    /// folders the catalog has, and folders that have only flow edges; a folder filter keeps the ancestors' rows (not
    /// their jobs) too, so that a sub-folder is nested as it was.
    /// </summary>
    const string Sql = $"""
        SELECT * FROM (
            SELECT 1 AS {nameof(Row.RowKind)}, j.datacenter AS {nameof(Row.Datacenter)}, j.folder AS {nameof(Row.Path)},
                   NULL AS {nameof(Row.Kind)}, j.job_name AS {nameof(Row.JobName)}, j.occurrence AS {nameof(Row.Occurrence)},
                   j.application AS {nameof(Row.Application)}, j.sub_application AS {nameof(Row.SubApplication)},
                   j.mem_name AS {nameof(Row.MemName)}, j.mem_lib AS {nameof(Row.MemLib)}, j.node_id AS {nameof(Row.NodeId)},
                   j.run_as AS {nameof(Row.RunAs)}, j.task_type AS {nameof(Row.TaskType)}, j.cmd_line AS {nameof(Row.CmdLine)},
                   j.description AS {nameof(Row.Description)}, j.is_cyclic AS {nameof(Row.IsCyclic)}, j.interval AS {nameof(Row.Interval)},
                   j.priority AS {nameof(Row.Priority)}, j.is_critical AS {nameof(Row.IsCritical)},
                   j.days_calendar AS {nameof(Row.DaysCalendar)}, j.weeks_calendar AS {nameof(Row.WeeksCalendar)},
                   j.from_time AS {nameof(Row.FromTime)}, j.to_time AS {nameof(Row.ToTime)}, j.is_active AS {nameof(Row.IsActive)},
                   j.variables::text AS {nameof(Row.Variables)}, j.attributes::text AS {nameof(Row.Attributes)},
                   c.ins::text AS {nameof(Row.InConditions)}, c.outs::text AS {nameof(Row.OutConditions)}, NULL AS {nameof(Row.Flows)}
            FROM controlm_jobs j
            CROSS JOIN LATERAL (
                SELECT coalesce(jsonb_agg(jsonb_build_object('name', k.name, 'odate', k.odate, 'andOr', coalesce(k.and_or, 'and'),
                                          'bracket', k.bracket) ORDER BY k.ordinal) FILTER (WHERE k.direction = 'in'), '[]') AS ins,
                       coalesce(jsonb_agg(jsonb_build_object('name', k.name, 'odate', k.odate, 'sign', coalesce(k.sign, '+'),
                                          'conditional', k.conditional) ORDER BY k.ordinal) FILTER (WHERE k.direction = 'out'), '[]') AS outs
                FROM controlm_conditions k WHERE k.job_id = j.id) c
            WHERE (@Datacenter::text IS NULL OR j.datacenter = @Datacenter)
              AND (@Folder::text IS NULL OR j.folder = @Folder OR starts_with(j.folder, @Folder || '/'))
            UNION ALL
            SELECT 0, p.datacenter, p.path, f.kind, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.attributes::text, f.in_conditions::text, f.out_conditions::text,
                   (SELECT jsonb_agg(jsonb_build_array(e.from_name, e.to_name) ORDER BY e.from_name, e.to_name)
                    FROM controlm_flow_edges e WHERE e.datacenter = p.datacenter AND e.folder = p.path)::text
            FROM (SELECT datacenter, path FROM controlm_folders UNION SELECT datacenter, folder FROM controlm_flow_edges) p
            LEFT JOIN controlm_folders f ON f.datacenter = p.datacenter AND f.path = p.path
            WHERE (@Datacenter::text IS NULL OR p.datacenter = @Datacenter)
              AND (@Folder::text IS NULL OR p.path = @Folder OR starts_with(p.path, @Folder || '/') OR starts_with(@Folder, p.path || '/'))
        ) x
        ORDER BY x.{nameof(Row.Datacenter)} COLLATE "C", string_to_array(x.{nameof(Row.Path)}, '/') COLLATE "C", x.{nameof(Row.RowKind)},
                 x.{nameof(Row.JobName)} COLLATE "C", x.{nameof(Row.Occurrence)}
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A folder (<see cref="RowKind"/> 0, the job columns null) or a job (1).</summary>
    internal sealed class Row
    {
        public int RowKind { get; init; }
        public string Datacenter { get; init; } = "";
        public string Path { get; init; } = "";
        public string? Kind { get; init; }
        public string? JobName { get; init; }
        public int Occurrence { get; init; }
        public string? Application { get; init; }
        public string? SubApplication { get; init; }
        public string? MemName { get; init; }
        public string? MemLib { get; init; }
        public string? NodeId { get; init; }
        public string? RunAs { get; init; }
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
        public string? Variables { get; init; }
        public string? Attributes { get; init; }
        public string? InConditions { get; init; }
        public string? OutConditions { get; init; }
        public string? Flows { get; init; }

        public bool IsFolder => RowKind == 0;

        /// <summary>The folder as the reader gives it; null for a folder that has flow edges but no row of its own.</summary>
        public FolderDefinition? Folder() => Kind is null
            ? null
            : new FolderDefinition(Datacenter, Path, Kind, Object(Attributes), List<InCondition>(InConditions), List<OutCondition>(OutConditions), "");

        public IReadOnlyList<FlowEdge> FlowEdges() => Flows is null
            ? []
            : [.. JsonSerializer.Deserialize<string[][]>(Flows)!.Select(e => new FlowEdge(Datacenter, Path, e[0], e[1], ""))];

        /// <summary>The job as the reader gives it (its stored form), with an empty location.</summary>
        public JobDefinition Job() => new("")
        {
            Datacenter = Datacenter,
            FolderPath = Path,
            JobName = JobName!,
            Occurrence = Occurrence,
            Application = Application,
            SubApplication = SubApplication,
            MemName = MemName,
            MemLib = MemLib,
            NodeId = NodeId,
            RunAs = RunAs,
            TaskType = TaskType,
            CmdLine = CmdLine,
            Description = Description,
            IsCyclic = IsCyclic ?? false,
            Interval = Interval,
            Priority = Priority,
            IsCritical = IsCritical ?? false,
            DaysCalendar = DaysCalendar,
            WeeksCalendar = WeeksCalendar,
            FromTime = FromTime,
            ToTime = ToTime,
            IsActive = IsActive ?? true,
            InConditions = List<InCondition>(InConditions),
            OutConditions = List<OutCondition>(OutConditions),
            Variables = List<JobVariable>(Variables),
            Attributes = Object(Attributes),
        };

        static JsonObject Object(string? text) => text is null ? [] : JsonNode.Parse(text)!.AsObject();

        static List<T> List<T>(string? text) => text is null ? [] : JsonSerializer.Deserialize<List<T>>(text, Json)!;
    }

    /// <summary>Starts the one statement the export reads from: one snapshot, rows streamed from the server as they are read.</summary>
    public static Task<DbDataReader> OpenAsync(NpgsqlConnection connection, Request req, CancellationToken ct) =>
        connection.ExecuteReaderAsync(new CommandDefinition(Sql, new
        {
            Datacenter = string.IsNullOrEmpty(req.Datacenter) ? null : req.Datacenter,
            Folder = string.IsNullOrEmpty(req.Folder) ? null : req.Folder.Trim('/'),
        }, commandTimeout: CommandTimeoutSeconds, cancellationToken: ct));
}
