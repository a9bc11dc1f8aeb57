using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>Scripts as other features name them (lent to Control-M: a job's <c>linkedScript</c>); Scripts owns the table.</summary>
public static class ScriptLookup
{
    const string NamesSql = "SELECT id::text AS Id, name AS Name FROM scripts WHERE id = ANY(@Ids)";

    /// <summary>The names of the scripts of <paramref name="ids"/> that exist, by id (canonical text).</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken ct) =>
        ids.Length == 0
            ? []
            : (await connection.QueryAsync<(string Id, string Name)>(new CommandDefinition(NamesSql, new { Ids = ids }, cancellationToken: ct)))
                .ToDictionary(s => s.Id, s => s.Name);
}
