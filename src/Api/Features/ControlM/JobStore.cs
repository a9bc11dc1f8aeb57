using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>
/// One job written as a definition — what a create or an update stores, in the same form as an import stores it (its
/// fingerprint, its script name keys, its conditions as rows), so a later import of the same definition finds it unchanged.
/// </summary>
internal static class JobStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string DefinitionSql = """
        SELECT id AS Id, datacenter AS Datacenter, folder AS Folder, job_name AS JobName, occurrence AS Occurrence,
               application AS Application, sub_application AS SubApplication, mem_name AS MemName, mem_lib AS MemLib,
               node_id AS NodeId, run_as AS RunAs, task_type AS TaskType, cmd_line AS CmdLine, description AS Description,
               is_cyclic AS IsCyclic, interval AS Interval, priority AS Priority, is_critical AS IsCritical,
               days_calendar AS DaysCalendar, weeks_calendar AS WeeksCalendar, from_time AS FromTime, to_time AS ToTime,
               is_active AS IsActive, variables::text AS Variables, attributes::text AS Attributes, script_id AS ScriptId,
               version AS Version
        FROM controlm_jobs WHERE id = @Id FOR UPDATE;

        SELECT direction AS Direction, name AS Name, odate AS Odate, sign AS Sign, and_or AS AndOr, bracket AS Bracket,
               conditional AS Conditional
        FROM controlm_conditions WHERE job_id = @Id ORDER BY ordinal;
        """;

    const string NextOccurrenceSql = """
        SELECT coalesce(max(occurrence), 0) + 1 FROM controlm_jobs
        WHERE datacenter = @Datacenter AND folder = @Folder AND job_name = @JobName
        """;

    const string InsertSql = """
        INSERT INTO controlm_jobs (id, datacenter, folder, job_name, occurrence, application, sub_application, mem_name, mem_lib,
            node_id, run_as, task_type, cmd_line, description, is_cyclic, interval, priority, is_critical, days_calendar,
            weeks_calendar, from_time, to_time, is_active, variables, attributes, definition_sha256, mem_name_key,
            command_script_keys, script_id, created_by, updated_by, created_at, updated_at)
        VALUES (@Id, @Datacenter, @Folder, @JobName, @Occurrence, @Application, @SubApplication, @MemName, @MemLib,
            @NodeId, @RunAs, @TaskType, @CmdLine, @Description, @IsCyclic, @Interval, @Priority, @IsCritical, @DaysCalendar,
            @WeeksCalendar, @FromTime, @ToTime, @IsActive, @Variables::jsonb, @Attributes::jsonb, @Sha256, @MemNameKey,
            @CommandKeys, @ScriptId, @Username, @Username, @Now, @Now)
        """;

    const string UpdateSql = """
        UPDATE controlm_jobs SET datacenter = @Datacenter, folder = @Folder, job_name = @JobName, occurrence = @Occurrence,
            application = @Application, sub_application = @SubApplication, mem_name = @MemName, mem_lib = @MemLib,
            node_id = @NodeId, run_as = @RunAs, task_type = @TaskType, cmd_line = @CmdLine, description = @Description,
            is_cyclic = @IsCyclic, interval = @Interval, priority = @Priority, is_critical = @IsCritical,
            days_calendar = @DaysCalendar, weeks_calendar = @WeeksCalendar, from_time = @FromTime, to_time = @ToTime,
            is_active = @IsActive, variables = @Variables::jsonb, attributes = @Attributes::jsonb, definition_sha256 = @Sha256,
            mem_name_key = @MemNameKey, command_script_keys = @CommandKeys, script_id = @ScriptId, version = version + 1,
            updated_by = @Username, updated_at = @Now
        WHERE id = @Id
        """;

    const string ReplaceConditionsSql = """
        DELETE FROM controlm_conditions WHERE job_id = @Id;

        INSERT INTO controlm_conditions (job_id, ordinal, direction, name, odate, sign, and_or, bracket, conditional)
        SELECT @Id, c.ordinal, c.direction, c.name, c.odate, c.sign, c.and_or, c.bracket, c.conditional
        FROM unnest(@Ordinals, @Directions, @Names, @Odates, @Signs, @AndOrs, @Brackets, @Conditionals)
            AS c(ordinal, direction, name, odate, sign, and_or, bracket, conditional);
        """;

    /// <summary>A stored job: its definition as an import would have read it, its link and its version.</summary>
    public sealed record Stored(JobDefinition Definition, Guid? ScriptId, int Version);

    sealed class JobRow
    {
        public Guid Id { get; set; }
        public string Datacenter { get; set; } = "";
        public string Folder { get; set; } = "";
        public string JobName { get; set; } = "";
        public int Occurrence { get; set; }
        public string? Application { get; set; }
        public string? SubApplication { get; set; }
        public string? MemName { get; set; }
        public string? MemLib { get; set; }
        public string? NodeId { get; set; }
        public string? RunAs { get; set; }
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
        public string Variables { get; set; } = "[]";
        public string Attributes { get; set; } = "{}";
        public Guid? ScriptId { get; set; }
        public int Version { get; set; }
    }

    /// <summary>
    /// The SHA-256 of everything the job says, without where in a file it stood (an import's test of "unchanged"), in a form
    /// an export of the stored job (GET /controlm-jobs/export) gives back whatever order the file wrote things in: object
    /// keys in ordinal order (jsonb keeps its own key order, not the file's), and out conditions as a set (all of them take
    /// effect when the job ends; an export writes the plain posts apart from the conditional ones, which sit inside their
    /// ON or If). A create or an update hashes its definition the same way.
    /// </summary>
    public static string Fingerprint(JobDefinition job) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            job with { Location = "", Attributes = Sorted(job.Attributes), OutConditions = Sorted(job.OutConditions) }, Json)));

    /// <summary>Out conditions in one order whatever the file's (see <see cref="Fingerprint"/>).</summary>
    public static List<OutCondition> Sorted(IEnumerable<OutCondition> conditions) =>
        [.. conditions.OrderBy(c => c.Conditional).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Sign, StringComparer.Ordinal).ThenBy(c => c.Odate, StringComparer.Ordinal)];

    static JsonObject Sorted(JsonObject value)
    {
        var sorted = new JsonObject();
        foreach (var (key, child) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
            sorted[key] = Sorted(child);
        return sorted;
    }

    static JsonNode? Sorted(JsonNode? value) => value switch
    {
        JsonObject obj => Sorted(obj),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => value?.DeepClone(),
    };

    /// <summary>An empty job at that place, for a create to apply its input to.</summary>
    public static JobDefinition Empty() => new("") { Datacenter = "", FolderPath = "", JobName = "" };

    /// <summary>The job, locked for the rest of the transaction; null when there is none.</summary>
    public static async Task<Stored?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(DefinitionSql, new { Id = id }, tx, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<JobRow>();
        var conditions = (await results.ReadAsync<JobReader.ConditionRow>()).AsList();
        if (row is null)
            return null;
        var definition = new JobDefinition("")
        {
            Datacenter = row.Datacenter, FolderPath = row.Folder, JobName = row.JobName, Occurrence = row.Occurrence,
            Application = row.Application, SubApplication = row.SubApplication, MemName = row.MemName, MemLib = row.MemLib,
            NodeId = row.NodeId, RunAs = row.RunAs, TaskType = row.TaskType, CmdLine = row.CmdLine, Description = row.Description,
            IsCyclic = row.IsCyclic, Interval = row.Interval, Priority = row.Priority, IsCritical = row.IsCritical,
            DaysCalendar = row.DaysCalendar, WeeksCalendar = row.WeeksCalendar, FromTime = row.FromTime, ToTime = row.ToTime,
            IsActive = row.IsActive,
            InConditions = [.. conditions.Where(c => c.Direction == "in").Select(c => new InCondition(c.Name, c.Odate, c.AndOr ?? "and", c.Bracket))],
            OutConditions = [.. conditions.Where(c => c.Direction == "out").Select(c => new OutCondition(c.Name, c.Odate, c.Sign ?? "+", c.Conditional))],
            Variables = JsonSerializer.Deserialize<List<JobVariable>>(row.Variables, Json) ?? [],
            Attributes = JsonNode.Parse(row.Attributes)?.AsObject() ?? [],
        };
        return new Stored(definition, row.ScriptId, row.Version);
    }

    /// <summary>The occurrence a new job of that name takes in its folder: one after the last.</summary>
    public static Task<int> NextOccurrenceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, JobDefinition job, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(NextOccurrenceSql,
            new { job.Datacenter, Folder = job.FolderPath, job.JobName }, tx, cancellationToken: ct));

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, JobDefinition job, Guid? scriptId,
        string username, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, Parameters(id, job, scriptId, username, now), tx, cancellationToken: ct));
        await ReplaceConditionsAsync(connection, tx, id, job, ct);
    }

    /// <summary>Writes the job's new definition (its version goes up); the conditions only when they changed.</summary>
    public static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, Stored current, JobDefinition job,
        Guid? scriptId, string username, DateTimeOffset now, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, Parameters(id, job, scriptId, username, now), tx, cancellationToken: ct));
        if (!current.Definition.InConditions.SequenceEqual(job.InConditions) || !current.Definition.OutConditions.SequenceEqual(job.OutConditions))
            await ReplaceConditionsAsync(connection, tx, id, job, ct);
    }

    /// <summary>
    /// What differs between two definitions, member by member (the JSON names of the API), for the audit entry's before and
    /// after; empty when nothing does.
    /// </summary>
    public static (Dictionary<string, JsonNode?> Before, Dictionary<string, JsonNode?> After) Changes(JobDefinition before, JobDefinition after)
    {
        var was = JsonSerializer.SerializeToNode(before with { Location = "" }, Json)!.AsObject();
        var becomes = JsonSerializer.SerializeToNode(after with { Location = "" }, Json)!.AsObject();
        var changedBefore = new Dictionary<string, JsonNode?>();
        var changedAfter = new Dictionary<string, JsonNode?>();
        foreach (var (name, value) in becomes)
        {
            if (JsonNode.DeepEquals(value, was[name]))
                continue;
            var member = name == "folderPath" ? "folder" : name;
            changedBefore[member] = was[name]?.DeepClone();
            changedAfter[member] = value?.DeepClone();
        }
        return (changedBefore, changedAfter);
    }

    static object Parameters(Guid id, JobDefinition job, Guid? scriptId, string username, DateTimeOffset now) => new
    {
        Id = id, job.Datacenter, Folder = job.FolderPath, job.JobName, job.Occurrence, job.Application, job.SubApplication,
        job.MemName, job.MemLib, job.NodeId, job.RunAs, job.TaskType, job.CmdLine, job.Description, job.IsCyclic, job.Interval,
        job.Priority, job.IsCritical, job.DaysCalendar, job.WeeksCalendar, job.FromTime, job.ToTime, job.IsActive,
        Variables = JsonSerializer.Serialize(job.Variables, Json), Attributes = job.Attributes.ToJsonString(),
        Sha256 = Fingerprint(job), MemNameKey = JobScriptKeys.OfMemName(job.MemName), CommandKeys = JobScriptKeys.OfCommand(job.CmdLine),
        ScriptId = scriptId, Username = username, Now = now,
    };

    static Task ReplaceConditionsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid id, JobDefinition job, CancellationToken ct)
    {
        var ins = job.InConditions;
        var outs = job.OutConditions;
        return connection.ExecuteAsync(new CommandDefinition(ReplaceConditionsSql, new
        {
            Id = id,
            Ordinals = Enumerable.Range(1, ins.Count + outs.Count).ToArray(),
            Directions = ins.Select(_ => "in").Concat(outs.Select(_ => "out")).ToArray(),
            Names = ins.Select(c => c.Name).Concat(outs.Select(c => c.Name)).ToArray(),
            Odates = ins.Select(c => c.Odate).Concat(outs.Select(c => c.Odate)).ToArray(),
            Signs = ins.Select(_ => (string?)null).Concat(outs.Select(c => c.Sign)).ToArray(),
            AndOrs = ins.Select(c => c.AndOr).Concat(outs.Select(_ => (string?)null)).ToArray(),
            Brackets = ins.Select(c => c.Bracket).Concat(outs.Select(_ => (string?)null)).ToArray(),
            Conditionals = ins.Select(_ => false).Concat(outs.Select(c => c.Conditional)).ToArray(),
        }, tx, cancellationToken: ct));
    }
}
