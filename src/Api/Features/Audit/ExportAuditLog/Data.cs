using System.Data.Common;
using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Audit.ExportAuditLog;

internal static class Data
{
    /// <summary>
    /// An export of millions of entries legitimately runs for minutes, and a filtered one may scan long before its first
    /// row; the request path's short timeout would cut it off.
    /// </summary>
    public const int CommandTimeoutSeconds = 600;

    const string Select = $"SELECT {AuditRow.Columns} FROM audit_log a";
    const string OldestFirst = "ORDER BY a.sequence";
    const string NothingSql = "WHERE false";

    /// <summary>
    /// Starts the one statement the export reads from: one snapshot, so entries appended meanwhile are left out whole,
    /// and rows stream from the server as they are read.
    /// </summary>
    public static async Task<DbDataReader> OpenAsync(NpgsqlConnection connection, IAuditFilter filter, CancellationToken ct)
    {
        // The bounds look-up reads the window's entries in an index, which the export reads anyway.
        var window = await AuditFilter.SequenceWindowAsync(connection, filter, below: null, always: true, ct);
        var parameters = new DynamicParameters();
        var where = window is { IsEmpty: true } ? NothingSql : AuditFilter.Where(filter, window, parameters);
        return await connection.ExecuteReaderAsync(new CommandDefinition(
            $"{Select} {where} {OldestFirst}", parameters, commandTimeout: CommandTimeoutSeconds, cancellationToken: ct));
    }
}
