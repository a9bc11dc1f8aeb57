using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListScripts;

internal static class Data
{
    // Every filter is "absent or holds"; with its parameters known the planner folds the absent ones away, and search
    // uses the trigram index on search_text (db/shared/V4).
    const string Filter = """
        (@Type::text IS NULL OR s.type = @Type::text)
        AND (@IsActive::boolean IS NULL OR s.is_active = @IsActive::boolean)
        AND (@HasCredentials::boolean IS NULL OR s.has_credentials = @HasCredentials::boolean)
        AND (@Tag::text IS NULL OR EXISTS (SELECT 1 FROM script_tag_links l JOIN script_tags t ON t.id = l.tag_id
                                           WHERE l.script_id = s.id AND lower(t.name) = lower(@Tag::text)))
        AND (cardinality(@TagIds::uuid[]) = 0 OR EXISTS (SELECT 1 FROM script_tag_links l
                                                        WHERE l.script_id = s.id AND l.tag_id = ANY(@TagIds::uuid[])))
        AND (@Drive::text IS NULL OR EXISTS (SELECT 1 FROM script_drive_mappings m
                                             WHERE m.script_id = s.id AND m.drive_letter = @Drive::text))
        AND (@Pattern::text IS NULL OR s.search_text LIKE @Pattern::text ESCAPE '\')
        """;

    const string CountSql = $"SELECT count(*)::int FROM scripts s WHERE {Filter};";

    const string PageSql = $"SELECT {ScriptView.SummaryColumns} FROM scripts s WHERE {Filter}";

    // One fixed ORDER BY per sort (not CASE expressions), so each can walk its index: ux_scripts_name for the names
    // (unique, so no tie-breaker), ix_scripts_updated (updated_at, id) for the dates.
    static readonly Dictionary<string, string> PageSqlBySort = new(StringComparer.Ordinal)
    {
        ["name"] = PageSql + " ORDER BY lower(s.name) LIMIT @Limit OFFSET @Offset;",
        ["-name"] = PageSql + " ORDER BY lower(s.name) DESC LIMIT @Limit OFFSET @Offset;",
        ["updatedAt"] = PageSql + " ORDER BY s.updated_at, s.id LIMIT @Limit OFFSET @Offset;",
        ["-updatedAt"] = PageSql + " ORDER BY s.updated_at DESC, s.id DESC LIMIT @Limit OFFSET @Offset;",
    };

    public static async Task<(int Total, List<ScriptView> Items)> ListAsync(NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        var args = new
        {
            req.Type,
            req.IsActive,
            req.HasCredentials,
            req.Tag,
            TagIds = req.AllTagIds,
            req.Drive,
            req.Pattern,
            Limit = req.PageSize,
            Offset = (long)(req.Page - 1) * req.PageSize,
        };
        var sql = req.PageSize == 0 ? CountSql : CountSql + PageSqlBySort[req.Sort ?? "name"];
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var total = await results.ReadSingleAsync<int>();
        var items = req.PageSize == 0 ? [] : (await results.ReadAsync<ScriptView>()).AsList();
        return (total, items);
    }
}
