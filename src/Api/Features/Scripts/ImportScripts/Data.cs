using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ImportScripts;

internal static class Data
{
    /// <summary>An existing script an imported file names.</summary>
    internal sealed class Existing
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string Type { get; set; } = "";
        public bool IsActive { get; set; }
        public string Sha256 { get; set; } = "";
        public int SizeBytes { get; set; }
    }

    // Imports take one lock for the whole team, so that two imports of overlapping names (from two instances) run one
    // after the other: each then sees the other's scripts and updates them instead of failing on the unique name.
    const string LockSql = AdvisoryLocks.ScriptImport;

    const string ExistingSql = """
        SELECT id AS Id, name AS Name, description AS Description, type AS Type, is_active AS IsActive,
               content_sha256 AS Sha256, size_bytes AS SizeBytes
        FROM scripts WHERE lower(name) = ANY(@Names)
        FOR NO KEY UPDATE
        """;

    public static async Task<Dictionary<string, Existing>> LockExistingAsync(NpgsqlConnection connection, NpgsqlTransaction tx,
        IEnumerable<string> names, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(LockSql, transaction: tx, cancellationToken: ct));
        var rows = await connection.QueryAsync<Existing>(new CommandDefinition(ExistingSql,
            new { Names = names.Select(n => n.ToLowerInvariant()).ToArray() }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
    }
}
