using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListJobs;

internal static class Data
{
    // The WHERE clause is assembled from these fixed fragments only, one per filter given; values travel as parameters.
    static readonly (Func<Request, object?> Value, string Name, string Condition)[] Filters =
    [
        (r => r.Datacenter, "Datacenter", "j.datacenter = @Datacenter"),
        (r => r.Folder, "Folder", "j.folder = @Folder"),
        (r => r.Application, "Application", "j.application = @Application"),
        (r => r.SubApplication, "SubApplication", "j.sub_application = @SubApplication"),
        (r => r.NodeId, "NodeId", "j.node_id = @NodeId"),
        (r => r.TaskType, "TaskType", "j.task_type = @TaskType"),
        (r => r.IsActive, "IsActive", "j.is_active = @IsActive"),
        (r => r.IsCyclic, "IsCyclic", "j.is_cyclic = @IsCyclic"),
        (r => r.Linked, "Linked", "(j.script_id IS NOT NULL) = @Linked"),
        (r => r.Pattern, "Pattern", "j.search_text LIKE @Pattern ESCAPE '\\'"),
    ];

    // One fixed ORDER BY per sort, each the key of its index (db/shared/V6) ending in the identity, so pages are stable.
    static readonly Dictionary<string, string> OrderBySort = new(StringComparer.Ordinal)
    {
        ["folder"] = "j.folder, j.job_name, j.occurrence, j.datacenter",
        ["-folder"] = "j.folder DESC, j.job_name DESC, j.occurrence DESC, j.datacenter DESC",
        ["jobName"] = "j.job_name, j.folder, j.occurrence, j.datacenter",
        ["-jobName"] = "j.job_name DESC, j.folder DESC, j.occurrence DESC, j.datacenter DESC",
        ["updatedAt"] = "j.updated_at, j.id",
        ["-updatedAt"] = "j.updated_at DESC, j.id DESC",
    };

    // Without a filter the total is the row V7's triggers keep, not a count of every index entry.
    const string TotalSql = "SELECT total::int FROM list_totals WHERE table_name = 'controlm_jobs';";

    /// <summary>
    /// The page's ids come from the sort's index; only the page's rows are read. The ids go through ARRAY(…) and the
    /// primary key: joined to a LIMIT @Limit subquery instead, the prepared (generic) plan guesses 1,000 rows for the
    /// limit and hash-joins the whole table to them.
    /// </summary>
    static string PageSql(string where, string orderBy) => $"""
        SELECT {JobView.Columns}
        FROM controlm_jobs j
        WHERE j.id = ANY(ARRAY(SELECT j.id FROM controlm_jobs j {where} ORDER BY {orderBy} LIMIT @Limit OFFSET @Offset))
        ORDER BY {orderBy};
        """;

    public static async Task<(int Total, List<JobView> Items)> ListAsync(NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var conditions = new List<string>();
        foreach (var (value, name, condition) in Filters)
        {
            if (value(req) is { } given)
            {
                conditions.Add(condition);
                args.Add(name, given);
            }
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        var sql = where.Length == 0 ? TotalSql : $"SELECT count(*)::int FROM controlm_jobs j {where};";
        if (req.PageSize > 0)
        {
            args.Add("Limit", req.PageSize);
            args.Add("Offset", (long)(req.Page - 1) * req.PageSize);
            sql += PageSql(where, OrderBySort[req.Sort ?? "folder"]);
        }
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var total = await results.ReadSingleAsync<int>();
        var items = req.PageSize == 0 ? [] : (await results.ReadAsync<JobView>()).AsList();
        return (total, items);
    }
}
