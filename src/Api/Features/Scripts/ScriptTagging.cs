using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>Turns a write's <c>tags</c> (names, found or created case-insensitively) and <c>tagIds</c> (must exist) into tag ids.</summary>
internal static class ScriptTagging
{
    const string FindOrCreateSql = """
        INSERT INTO script_tags (id, name, created_at, updated_at)
        SELECT gen_random_uuid(), n, @Now, @Now FROM unnest(@Names) AS n
        ON CONFLICT ((lower(name))) DO NOTHING;
        SELECT id FROM script_tags WHERE lower(name) = ANY(@Lower);
        SELECT id FROM script_tags WHERE id = ANY(@Ids);
        """;

    /// <summary>The tag ids, and the <c>tagIds</c> that do not exist (the caller answers 400 for those and rolls back).</summary>
    public static async Task<(Guid[] Ids, Guid[] Unknown)> ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string[]? names, string[]? tagIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var distinctNames = (names ?? []).Select(n => n.Trim()).DistinctBy(n => n.ToLowerInvariant()).ToArray();
        var ids = (tagIds ?? []).Select(Guid.Parse).Distinct().ToArray();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(FindOrCreateSql, new
        {
            Now = now,
            Names = distinctNames,
            Lower = distinctNames.Select(n => n.ToLowerInvariant()).ToArray(),
            Ids = ids,
        }, tx, cancellationToken: ct));
        var byName = await results.ReadAsync<Guid>();
        var found = (await results.ReadAsync<Guid>()).ToHashSet();
        return ([.. byName.Concat(found).Distinct()], [.. ids.Where(id => !found.Contains(id))]);
    }
}
