using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

internal static class Data
{
    const string Select = $"SELECT {AuditRow.Columns} FROM audit_log a";
    const string OlderThanCursor = "a.sequence < @Cursor";
    const string NewestFirst = "ORDER BY a.sequence DESC LIMIT @Limit";

    /// <summary>Up to <paramref name="limit"/> entries older than <paramref name="cursor"/> (if any), newest first.</summary>
    public static async Task<List<AuditRow>> PageAsync(NpgsqlConnection connection, IAuditFilter filter, long? cursor, int limit, CancellationToken ct)
    {
        var window = await AuditFilter.SequenceWindowAsync(connection, filter, cursor, always: false, ct);
        if (window is { IsEmpty: true })
            return [];
        var parameters = new DynamicParameters();
        parameters.Add("Limit", limit);
        string where;
        if (cursor is { } sequence)
        {
            parameters.Add("Cursor", sequence);
            where = AuditFilter.Where(filter, window, parameters, OlderThanCursor);
        }
        else
        {
            where = AuditFilter.Where(filter, window, parameters);
        }
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition($"{Select} {where} {NewestFirst}", parameters, cancellationToken: ct));
        return rows.AsList();
    }
}
