using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.ControlM;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>Reads scripts as <see cref="ScriptView"/>s: one script whole, or a page's tags and mappings — a fixed number of statements.</summary>
internal static class ScriptReader
{
    const string MappingColumns = $"""
        m.id::text AS {nameof(DriveMappingView.Id)}, m.drive_letter AS {nameof(DriveMappingView.DriveLetter)},
        m.network_path AS {nameof(DriveMappingView.NetworkPath)}, m.server_name AS {nameof(DriveMappingView.ServerName)},
        m.share_name AS {nameof(DriveMappingView.ShareName)}, m.has_credentials AS {nameof(DriveMappingView.HasCredentials)},
        m.username AS {nameof(DriveMappingView.Username)}, m.line AS {nameof(DriveMappingView.Line)},
        m.script_id::text AS {nameof(DriveMappingView.ScriptId)}
        """;

    const string TagColumns = $"""
        {TagView.Columns},
        l.script_id::text AS {nameof(TagView.ScriptId)}
        """;

    const string LinkColumns = $"s.id::text AS {nameof(ScriptLinkView.Id)}, s.name AS {nameof(ScriptLinkView.Name)}, s.type AS {nameof(ScriptLinkView.Type)}";

    // Each statement takes the ids of the scripts to read: one for a script, a page's for a list.
    const string ChildrenSql = $"""
        SELECT {MappingColumns} FROM script_drive_mappings m WHERE m.script_id = ANY(@Ids) ORDER BY m.script_id, m.ordinal;

        SELECT {TagColumns} FROM script_tag_links l JOIN script_tags t ON t.id = l.tag_id
        WHERE l.script_id = ANY(@Ids) ORDER BY l.script_id, lower(t.name);

        SELECT DISTINCT {LinkColumns}, r.script_id::text AS {nameof(ScriptLinkView.OfId)}, lower(s.name)
        FROM script_references r JOIN scripts s ON s.id = r.target_id
        WHERE r.script_id = ANY(@Ids) ORDER BY lower(s.name);

        SELECT DISTINCT {LinkColumns}, r.target_id::text AS {nameof(ScriptLinkView.OfId)}, lower(s.name)
        FROM script_references r JOIN scripts s ON s.id = r.script_id
        WHERE r.target_id = ANY(@Ids) ORDER BY lower(s.name);

        SELECT r.name AS {nameof(UnresolvedReferenceView.Name)}, r.line AS {nameof(UnresolvedReferenceView.Line)},
               r.script_id::text AS {nameof(UnresolvedReferenceView.ScriptId)}
        FROM script_references r WHERE r.script_id = ANY(@Ids) AND r.target_id IS NULL ORDER BY r.script_id, r.ordinal;
        """;

    const string OneSql = $"SELECT {ScriptView.Columns} FROM scripts s WHERE s.id = @Id";

    /// <summary>The whole script, null when there is none with that id.</summary>
    public static async Task<ScriptView?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid id, CancellationToken ct)
    {
        var script = await connection.QuerySingleOrDefaultAsync<ScriptView>(new CommandDefinition(OneSql, new { Id = id }, tx, cancellationToken: ct));
        if (script is not null)
            await FillAsync(connection, tx, [script], ct);
        return script;
    }

    /// <summary>Fills the mappings, tags, dependencies, dependents and unresolved references of scripts in one round trip, and their linked jobs in a second.</summary>
    public static async Task FillAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyList<ScriptView> scripts, CancellationToken ct)
    {
        if (scripts.Count == 0)
            return;
        var ids = scripts.Select(s => Guid.Parse(s.Id)).ToArray();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ChildrenSql, new { Ids = ids }, tx, cancellationToken: ct));
        var mappings = (await results.ReadAsync<DriveMappingView>()).ToLookup(m => m.ScriptId);
        var tags = (await results.ReadAsync<TagView>()).ToLookup(t => t.ScriptId);
        var dependencies = (await results.ReadAsync<ScriptLinkView>()).ToLookup(l => l.OfId);
        var dependents = (await results.ReadAsync<ScriptLinkView>()).ToLookup(l => l.OfId);
        var unresolved = (await results.ReadAsync<UnresolvedReferenceView>()).ToLookup(u => u.ScriptId);
        var jobs = await LinkedJobs.ReadAsync(connection, tx, ids, ct);
        foreach (var script in scripts)
        {
            script.DriveMappings = [.. mappings[script.Id]];
            script.Tags = [.. tags[script.Id]];
            script.Dependencies = [.. dependencies[script.Id]];
            script.Dependents = [.. dependents[script.Id]];
            script.UnresolvedReferences = [.. unresolved[script.Id]];
            script.LinkedJobs = [.. jobs[script.Id]];
        }
    }
}
