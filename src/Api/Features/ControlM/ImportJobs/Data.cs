using System.Text.Json;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;
using NpgsqlTypes;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>
/// The import's SQL: jobs stream into a temporary table by binary COPY as the reader yields them, then a few set-based
/// statements merge the whole file into the catalog. Folders and flow edges (a few per folder) are written after the jobs.
/// </summary>
internal static class Data
{
    // Imports take one lock for the whole team: two imports of the same folders (from two instances) run one after the
    // other, each all or nothing, instead of one failing on the identity index half-way.
    const string LockSql = AdvisoryLocks.ControlMCatalog;

    const string StageSql = """
        CREATE TEMP TABLE stage_jobs (
            datacenter text, folder text, job_name text, occurrence integer, application text, sub_application text,
            mem_name text, mem_lib text, node_id text, run_as text, task_type text, cmd_line text, description text,
            is_cyclic boolean, interval text, priority text, is_critical boolean, days_calendar text, weeks_calendar text,
            from_time text, to_time text, is_active boolean, variables jsonb, attributes jsonb, in_conditions jsonb,
            out_conditions jsonb, definition_sha256 text, mem_name_key text, command_script_keys text[], location text, ordinal integer
        ) ON COMMIT DROP;
        """;

    const string CopySql = """
        COPY stage_jobs (datacenter, folder, job_name, occurrence, application, sub_application, mem_name, mem_lib, node_id,
            run_as, task_type, cmd_line, description, is_cyclic, interval, priority, is_critical, days_calendar, weeks_calendar,
            from_time, to_time, is_active, variables, attributes, in_conditions, out_conditions, definition_sha256, mem_name_key,
            command_script_keys, location, ordinal)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// The first job identity staged twice (the same job in two files of one import), with where each one is: the merge
    /// below would otherwise fail on it ("cannot affect row a second time").
    /// </summary>
    const string FirstDuplicateSql = """
        SELECT datacenter AS Datacenter, folder AS Folder, job_name AS JobName, occurrence AS Occurrence,
               (array_agg(location ORDER BY ordinal))[1] AS First, (array_agg(location ORDER BY ordinal))[2] AS Second
        FROM stage_jobs
        GROUP BY datacenter, folder, job_name, occurrence
        HAVING count(*) > 1
        ORDER BY min(ordinal)
        LIMIT 1
        """;

    /// <summary>
    /// New jobs are inserted; a job whose definition changed is updated (its version goes up); an unchanged one is left
    /// alone — no row version is written, so a re-import of an unchanged file writes no job row.
    /// </summary>
    const string MergeJobsSql = """
        INSERT INTO controlm_jobs AS j (id, datacenter, folder, job_name, occurrence, application, sub_application, mem_name,
            mem_lib, node_id, run_as, task_type, cmd_line, description, is_cyclic, interval, priority, is_critical, days_calendar,
            weeks_calendar, from_time, to_time, is_active, variables, attributes, definition_sha256, mem_name_key, command_script_keys,
            created_by, updated_by, created_at, updated_at)
        SELECT gen_random_uuid(), datacenter, folder, job_name, occurrence, application, sub_application, mem_name, mem_lib,
            node_id, run_as, task_type, cmd_line, description, is_cyclic, interval, priority, is_critical, days_calendar,
            weeks_calendar, from_time, to_time, is_active, variables, attributes, definition_sha256, mem_name_key, command_script_keys,
            @Username, @Username, @Now, @Now
        FROM stage_jobs
        ON CONFLICT (datacenter, folder, job_name, occurrence) DO UPDATE SET
            application = EXCLUDED.application, sub_application = EXCLUDED.sub_application, mem_name = EXCLUDED.mem_name,
            mem_lib = EXCLUDED.mem_lib, node_id = EXCLUDED.node_id, run_as = EXCLUDED.run_as, task_type = EXCLUDED.task_type,
            cmd_line = EXCLUDED.cmd_line, description = EXCLUDED.description, is_cyclic = EXCLUDED.is_cyclic,
            interval = EXCLUDED.interval, priority = EXCLUDED.priority, is_critical = EXCLUDED.is_critical,
            days_calendar = EXCLUDED.days_calendar, weeks_calendar = EXCLUDED.weeks_calendar, from_time = EXCLUDED.from_time,
            to_time = EXCLUDED.to_time, is_active = EXCLUDED.is_active, variables = EXCLUDED.variables,
            attributes = EXCLUDED.attributes, definition_sha256 = EXCLUDED.definition_sha256, mem_name_key = EXCLUDED.mem_name_key,
            command_script_keys = EXCLUDED.command_script_keys, version = j.version + 1,
            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
        WHERE j.definition_sha256 <> EXCLUDED.definition_sha256
        RETURNING j.id AS Id, (j.version = 1) AS Inserted
        """;

    /// <summary>The conditions of the jobs just written, replaced from the staged rows in one statement each way.</summary>
    const string ReplaceConditionsSql = """
        DELETE FROM controlm_conditions WHERE job_id = ANY(@Written);

        INSERT INTO controlm_conditions (job_id, ordinal, direction, name, odate, sign, and_or, bracket, conditional)
        SELECT j.id, c.ordinal, c.direction, c.name, c.odate, c.sign, c.and_or, c.bracket, c.conditional
        FROM stage_jobs s
        JOIN controlm_jobs j ON j.datacenter = s.datacenter AND j.folder = s.folder AND j.job_name = s.job_name AND j.occurrence = s.occurrence
        CROSS JOIN LATERAL (
            SELECT i.ord::int AS ordinal, 'in' AS direction, i.e->>'name' AS name, i.e->>'odate' AS odate, NULL AS sign,
                   i.e->>'andOr' AS and_or, i.e->>'bracket' AS bracket, false AS conditional
            FROM jsonb_array_elements(s.in_conditions) WITH ORDINALITY AS i(e, ord)
            UNION ALL
            SELECT jsonb_array_length(s.in_conditions) + o.ord::int, 'out', o.e->>'name', o.e->>'odate', o.e->>'sign',
                   NULL, NULL, (o.e->>'conditional')::boolean
            FROM jsonb_array_elements(s.out_conditions) WITH ORDINALITY AS o(e, ord)) c
        WHERE j.id = ANY(@Written);
        """;

    /// <summary>Replace mode: the catalog's jobs in the file's folders that the file no longer has.</summary>
    const string RemoveMissingSql = """
        DELETE FROM controlm_jobs j
        USING (SELECT DISTINCT datacenter, folder FROM stage_jobs
               UNION SELECT datacenter, path FROM unnest(@FolderDatacenters, @FolderPaths) AS f(datacenter, path)) f
        WHERE j.datacenter = f.datacenter AND j.folder = f.folder
          AND NOT EXISTS (SELECT 1 FROM stage_jobs s WHERE s.datacenter = j.datacenter AND s.folder = j.folder
                          AND s.job_name = j.job_name AND s.occurrence = j.occurrence)
        RETURNING j.id
        """;

    const string StagedCountsSql = """
        SELECT datacenter AS Datacenter, folder AS Path, count(*)::int AS Jobs FROM stage_jobs GROUP BY 1, 2 ORDER BY 1, 2
        """;

    /// <summary>A folder's own definition, written only when it differs from the stored one.</summary>
    const string MergeFoldersSql = """
        INSERT INTO controlm_folders AS f (id, datacenter, path, kind, attributes, in_conditions, out_conditions, created_at, updated_at)
        SELECT gen_random_uuid(), d, p, k, a::jsonb, i::jsonb, o::jsonb, @Now, @Now
        FROM unnest(@Datacenters, @Paths, @Kinds, @Attributes, @Ins, @Outs) AS x(d, p, k, a, i, o)
        ON CONFLICT (datacenter, path) DO UPDATE SET kind = EXCLUDED.kind, attributes = EXCLUDED.attributes,
            in_conditions = EXCLUDED.in_conditions, out_conditions = EXCLUDED.out_conditions, updated_at = EXCLUDED.updated_at
        WHERE (f.kind, f.attributes, f.in_conditions, f.out_conditions)
              IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.attributes, EXCLUDED.in_conditions, EXCLUDED.out_conditions)
        """;

    /// <summary>The file is the truth about its folders' flow edges: those it no longer has go, new ones are added.</summary>
    const string ReplaceFlowsSql = """
        DELETE FROM controlm_flow_edges e
        USING (SELECT DISTINCT datacenter, folder FROM stage_jobs) f
        WHERE e.datacenter = f.datacenter AND e.folder = f.folder
          AND NOT EXISTS (SELECT 1 FROM unnest(@FlowDatacenters, @FlowFolders, @FlowFrom, @FlowTo) AS n(d, p, a, b)
                          WHERE n.d = e.datacenter AND n.p = e.folder AND n.a = e.from_name AND n.b = e.to_name);

        INSERT INTO controlm_flow_edges (datacenter, folder, from_name, to_name)
        SELECT DISTINCT d, p, a, b FROM unnest(@FlowDatacenters, @FlowFolders, @FlowFrom, @FlowTo) AS n(d, p, a, b)
        ON CONFLICT DO NOTHING;
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Written(Guid Id, bool Inserted);

    public sealed record Duplicate(string Datacenter, string Folder, string JobName, int Occurrence, string First, string Second);

    public static async Task LockAndStageAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(StageSql, transaction: tx, cancellationToken: ct));
    }

    /// <summary>
    /// Copies the jobs the reader yields into <c>stage_jobs</c> as they come, and keeps the folders and flow edges (a few per
    /// folder) for <see cref="MergeAsync"/>. Returns how many jobs were staged.
    /// </summary>
    public static async Task<int> StageAsync(NpgsqlConnection connection, IAsyncEnumerable<ControlMItem> items,
        List<FolderDefinition> folders, List<FlowEdge> flows, CancellationToken ct)
    {
        var count = 0;
        await using var copy = await connection.BeginBinaryImportAsync(CopySql, ct);
        await foreach (var item in items.WithCancellation(ct))
        {
            switch (item)
            {
                case JobDefinition job:
                    count++;
                    await WriteAsync(copy, job, count, ct);
                    break;
                case FolderDefinition folder:
                    folders.Add(folder);
                    break;
                case FlowEdge flow:
                    flows.Add(flow);
                    break;
            }
        }
        await copy.CompleteAsync(ct);
        return count;
    }

    static async Task WriteAsync(NpgsqlBinaryImporter copy, JobDefinition job, int ordinal, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await Text(copy, job.Datacenter, ct);
        await Text(copy, job.FolderPath, ct);
        await Text(copy, job.JobName, ct);
        await copy.WriteAsync(job.Occurrence, NpgsqlDbType.Integer, ct);
        foreach (var value in new[] { job.Application, job.SubApplication, job.MemName, job.MemLib, job.NodeId, job.RunAs, job.TaskType, job.CmdLine, job.Description })
            await Text(copy, value, ct);
        await copy.WriteAsync(job.IsCyclic, NpgsqlDbType.Boolean, ct);
        await Text(copy, job.Interval, ct);
        await Text(copy, job.Priority, ct);
        await copy.WriteAsync(job.IsCritical, NpgsqlDbType.Boolean, ct);
        foreach (var value in new[] { job.DaysCalendar, job.WeeksCalendar, job.FromTime, job.ToTime })
            await Text(copy, value, ct);
        await copy.WriteAsync(job.IsActive, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(JsonSerializer.Serialize(job.Variables, Json), NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(job.Attributes.ToJsonString(), NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(JsonSerializer.Serialize(job.InConditions, Json), NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(JsonSerializer.Serialize(job.OutConditions, Json), NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync(JobStore.Fingerprint(job), NpgsqlDbType.Text, ct);
        await Text(copy, JobScriptKeys.OfMemName(job.MemName), ct);
        await copy.WriteAsync(JobScriptKeys.OfCommand(job.CmdLine), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await copy.WriteAsync(job.Location, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(ordinal, NpgsqlDbType.Integer, ct);
    }

    /// <summary>The first job staged twice, or null: checked before merging, set-based like the merge.</summary>
    public static Task<Duplicate?> FindDuplicateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Duplicate?>(new CommandDefinition(FirstDuplicateSql, transaction: tx, cancellationToken: ct));

    static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    /// <summary>Merges the staged file into the catalog; returns the jobs written (new or changed) and, in replace mode, removed.</summary>
    public static async Task<(List<Written> Written, List<Guid> Removed, List<ImportedFolder> Folders)> MergeAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<FolderDefinition> folders, IReadOnlyList<FlowEdge> flows,
        bool replace, string username, DateTimeOffset now, CancellationToken ct)
    {
        var written = (await connection.QueryAsync<Written>(new CommandDefinition(MergeJobsSql, new { Username = username, Now = now }, tx, cancellationToken: ct))).AsList();
        if (written.Count > 0)
            await connection.ExecuteAsync(new CommandDefinition(ReplaceConditionsSql, new { Written = written.Select(w => w.Id).ToArray() }, tx, cancellationToken: ct));
        var removed = replace
            ? (await connection.QueryAsync<Guid>(new CommandDefinition(RemoveMissingSql, new
            {
                FolderDatacenters = folders.Select(f => f.Datacenter).ToArray(),
                FolderPaths = folders.Select(f => f.Path).ToArray(),
            }, tx, cancellationToken: ct))).AsList()
            : [];
        await connection.ExecuteAsync(new CommandDefinition(MergeFoldersSql, new
        {
            Now = now,
            Datacenters = folders.Select(f => f.Datacenter).ToArray(),
            Paths = folders.Select(f => f.Path).ToArray(),
            Kinds = folders.Select(f => f.Kind).ToArray(),
            Attributes = folders.Select(f => f.Attributes.ToJsonString()).ToArray(),
            Ins = folders.Select(f => JsonSerializer.Serialize(f.InConditions, Json)).ToArray(),
            // Sorted as the jobs' are hashed, so that an exported folder compares equal on its way back in.
            Outs = folders.Select(f => JsonSerializer.Serialize(JobStore.Sorted(f.OutConditions), Json)).ToArray(),
        }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(ReplaceFlowsSql, new
        {
            FlowDatacenters = flows.Select(f => f.Datacenter).ToArray(),
            FlowFolders = flows.Select(f => f.FolderPath).ToArray(),
            FlowFrom = flows.Select(f => f.From).ToArray(),
            FlowTo = flows.Select(f => f.To).ToArray(),
        }, tx, cancellationToken: ct));
        var staged = (await connection.QueryAsync<ImportedFolder>(new CommandDefinition(StagedCountsSql, transaction: tx, cancellationToken: ct))).AsList();
        return (written, removed, staged);
    }
}
