using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

/// <summary>The local <c>settings</c> table: one text value per key (the stored connection string, the session lock, …).</summary>
public static class LocalSettings
{
    const string ReadSql = "SELECT value FROM settings WHERE key = @Key";
    const string WriteSql = """
        INSERT INTO settings (key, value, updated_at) VALUES (@Key, @Value, @Now)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """;
    const string DeleteSql = "DELETE FROM settings WHERE key = @Key";

    public static Task<string?> ReadAsync(DbConnection connection, string key, CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(ReadSql, new { Key = key }, cancellationToken: ct));

    public static Task WriteAsync(DbConnection connection, string key, string value, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(WriteSql, new { Key = key, Value = value, Now = now }, cancellationToken: ct));

    public static Task DeleteAsync(DbConnection connection, string key, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { Key = key }, cancellationToken: ct));
}
