using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>
/// The jobs that run a script (<c>controlm_jobs.script_id</c>, written only by Control-M), lent to Scripts: a script's
/// <c>linkedJobs</c>, and unlinking them inside the script delete's transaction so that the delete can audit them.
/// </summary>
public static class LinkedJobs
{
    const string ReadSql = $"""
        SELECT j.id::text AS {nameof(LinkedJob.Id)}, j.job_name AS {nameof(LinkedJob.JobName)}, j.folder AS {nameof(LinkedJob.Folder)},
               j.application AS {nameof(LinkedJob.Application)}, j.node_id AS {nameof(LinkedJob.NodeId)},
               j.script_id::text AS {nameof(LinkedJob.ScriptId)}
        FROM controlm_jobs j WHERE j.script_id = ANY(@Ids)
        ORDER BY j.folder, j.job_name, j.occurrence
        """;

    const string UnlinkSql = """
        UPDATE controlm_jobs SET script_id = NULL, version = version + 1, updated_by = @Username, updated_at = @Now
        WHERE script_id = @Id
        RETURNING id
        """;

    /// <summary>The jobs linked to any of <paramref name="scriptIds"/>, in one statement (ix_controlm_jobs_script).</summary>
    public static async Task<ILookup<string, LinkedJob>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid[] scriptIds, CancellationToken ct) =>
        (await connection.QueryAsync<LinkedJob>(new CommandDefinition(ReadSql, new { Ids = scriptIds }, tx, cancellationToken: ct)))
            .ToLookup(j => j.ScriptId);

    /// <summary>Unlinks every job of the script (each job's version goes up) and returns their ids.</summary>
    public static async Task<List<Guid>> UnlinkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid scriptId, string username, DateTimeOffset now, CancellationToken ct) =>
        (await connection.QueryAsync<Guid>(new CommandDefinition(UnlinkSql, new { Id = scriptId, Username = username, Now = now }, tx, cancellationToken: ct))).AsList();
}

/// <summary>A job as a script shows it among its <c>linkedJobs</c>.</summary>
public sealed class LinkedJob
{
    public string Id { get; init; } = "";
    public string JobName { get; init; } = "";
    public string Folder { get; init; } = "";
    public string? Application { get; init; }
    public string? NodeId { get; init; }

    internal string ScriptId { get; init; } = "";
}
