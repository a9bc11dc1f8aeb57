using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Audit.GetAuditEntry;

internal static class Data
{
    const string ByIdSql = $"SELECT {AuditRow.Columns} FROM audit_log a WHERE a.id = @Id";

    public static Task<AuditRow?> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<AuditRow>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct));
}
