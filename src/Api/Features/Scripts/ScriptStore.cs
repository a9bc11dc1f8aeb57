using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>
/// Writes scripts and what is derived from them, set-based: one statement per table whatever the number of scripts
/// (one for a create, a thousand for an import). Callers run it inside their transaction and audit there too.
/// </summary>
internal static class ScriptStore
{
    const string InsertSql = """
        INSERT INTO scripts (id, name, name_key, description, content, content_bytes, encoding, size_bytes, content_sha256,
                             type, is_active, has_credentials, version, created_by, updated_by, created_at, updated_at)
        SELECT d.id, d.name, d.name_key, d.description, d.content, d.bytes, d.encoding, octet_length(d.bytes), d.sha256,
               d.type, d.is_active, d.has_credentials, 1, @Username, @Username, @Now, @Now
        FROM unnest(@Ids, @Names, @NameKeys, @Descriptions, @Contents, @Bytes, @Encodings, @Sha256s, @Types, @Active, @Credentials)
             AS d (id, name, name_key, description, content, bytes, encoding, sha256, type, is_active, has_credentials)
        """;

    const string UpdateSql = """
        UPDATE scripts s
        SET name = d.name, name_key = d.name_key, description = d.description, content = d.content, content_bytes = d.bytes,
            encoding = d.encoding, size_bytes = octet_length(d.bytes), content_sha256 = d.sha256, type = d.type,
            is_active = d.is_active, has_credentials = d.has_credentials, version = s.version + 1,
            updated_by = @Username, updated_at = @Now
        FROM unnest(@Ids, @Names, @NameKeys, @Descriptions, @Contents, @Bytes, @Encodings, @Sha256s, @Types, @Active, @Credentials)
             AS d (id, name, name_key, description, content, bytes, encoding, sha256, type, is_active, has_credentials)
        WHERE s.id = d.id
        """;

    const string ReplaceDerivedSql = """
        DELETE FROM script_drive_mappings WHERE script_id = ANY(@Ids);
        DELETE FROM script_references WHERE script_id = ANY(@Ids);

        INSERT INTO script_drive_mappings (id, script_id, ordinal, drive_letter, network_path, server_name, share_name,
                                           has_credentials, username, line)
        SELECT gen_random_uuid(), m.script_id, m.ordinal, m.drive_letter, m.network_path, m.server_name, m.share_name,
               m.has_credentials, m.username, m.line
        FROM unnest(@MapScripts, @MapOrdinals, @MapLetters, @MapPaths, @MapServers, @MapShares, @MapCredentials, @MapUsers, @MapLines)
             AS m (script_id, ordinal, drive_letter, network_path, server_name, share_name, has_credentials, username, line);

        INSERT INTO script_references (script_id, ordinal, name, name_lower, name_key, kind, line)
        SELECT r.script_id, r.ordinal, r.name, lower(r.name), r.name_key, r.kind, r.line
        FROM unnest(@RefScripts, @RefOrdinals, @RefNames, @RefKeys, @RefKinds, @RefLines)
             AS r (script_id, ordinal, name, name_key, kind, line);
        """;

    // A reference matches a script when their keys agree and either the names are equal or one of them has no
    // extension (run.bat ~ run.bat, run ~ run.bat, run.bat ~ run), case-insensitively; when several match, the one of the
    // same name wins, then the oldest. Equal names imply equal keys, so the key index finds every candidate.
    const string ResolveSql = """
        UPDATE script_references r SET target_id = m.target
        FROM (SELECT c.script_id, c.ordinal,
                     (SELECT s.id FROM scripts s
                      WHERE s.name_key = c.name_key
                        AND (lower(s.name) = c.name_lower OR s.name_key = c.name_lower OR lower(s.name) = c.name_key)
                      ORDER BY (lower(s.name) = c.name_lower) DESC, s.created_at, s.id
                      LIMIT 1) AS target
              FROM script_references c WHERE c.name_key = ANY(@Keys)) m
        WHERE r.script_id = m.script_id AND r.ordinal = m.ordinal AND r.target_id IS DISTINCT FROM m.target
        """;

    const string SetTagsSql = """
        DELETE FROM script_tag_links WHERE script_id = @ScriptId AND NOT (tag_id = ANY(@TagIds));
        INSERT INTO script_tag_links (script_id, tag_id) SELECT @ScriptId, t FROM unnest(@TagIds) AS t
        ON CONFLICT DO NOTHING;
        """;

    /// <summary>Throws a unique violation when a name is taken (case-insensitively).</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ScriptDraft> drafts,
        string? username, DateTimeOffset now, CancellationToken ct)
    {
        if (drafts.Count == 0)
            return;
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, Rows(drafts, username, now), tx, cancellationToken: ct));
        await ReplaceDerivedAsync(connection, tx, drafts, ct);
    }

    /// <summary>Replaces every field of existing scripts (by id) and bumps their versions. Throws a unique violation on a taken name.</summary>
    public static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ScriptDraft> drafts,
        string? username, DateTimeOffset now, CancellationToken ct)
    {
        if (drafts.Count == 0)
            return;
        await connection.ExecuteAsync(new CommandDefinition(UpdateSql, Rows(drafts, username, now), tx, cancellationToken: ct));
        await ReplaceDerivedAsync(connection, tx, drafts, ct);
    }

    /// <summary>
    /// Re-resolves every reference whose key is one of <paramref name="names"/>' keys: call it with the names a write
    /// added, removed or renamed, and with the names the written scripts reference, so no dependent goes stale.
    /// </summary>
    public static Task ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<string> names, CancellationToken ct)
    {
        var keys = names.Select(ScriptNames.Key).Distinct(StringComparer.Ordinal).ToArray();
        return keys.Length == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(ResolveSql, new { Keys = keys }, tx, cancellationToken: ct));
    }

    /// <summary>The names whose references a write of <paramref name="drafts"/> may change: theirs and those they reference.</summary>
    public static IEnumerable<string> NamesTouchedBy(IEnumerable<ScriptDraft> drafts) =>
        drafts.SelectMany(d => d.Analysis.References.Select(r => r.Name).Append(d.Name));

    public static Task SetTagsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid scriptId, Guid[] tagIds, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(SetTagsSql, new { ScriptId = scriptId, TagIds = tagIds }, tx, cancellationToken: ct));

    static async Task ReplaceDerivedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ScriptDraft> drafts, CancellationToken ct)
    {
        var mappings = drafts.SelectMany(d => d.Analysis.DriveMappings.Select((m, i) => (Script: d.Id, Ordinal: i, Mapping: m))).ToList();
        var references = drafts.SelectMany(d => d.Analysis.References.Select((r, i) => (Script: d.Id, Ordinal: i, Reference: r))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(ReplaceDerivedSql, new
        {
            Ids = drafts.Select(d => d.Id).ToArray(),
            MapScripts = mappings.Select(m => m.Script).ToArray(),
            MapOrdinals = mappings.Select(m => m.Ordinal).ToArray(),
            MapLetters = mappings.Select(m => m.Mapping.DriveLetter).ToArray(),
            MapPaths = mappings.Select(m => m.Mapping.NetworkPath).ToArray(),
            MapServers = mappings.Select(m => m.Mapping.ServerName).ToArray(),
            MapShares = mappings.Select(m => m.Mapping.ShareName).ToArray(),
            MapCredentials = mappings.Select(m => m.Mapping.HasCredentials).ToArray(),
            MapUsers = mappings.Select(m => m.Mapping.Username).ToArray(),
            MapLines = mappings.Select(m => m.Mapping.Line).ToArray(),
            RefScripts = references.Select(r => r.Script).ToArray(),
            RefOrdinals = references.Select(r => r.Ordinal).ToArray(),
            RefNames = references.Select(r => r.Reference.Name).ToArray(),
            RefKeys = references.Select(r => ScriptNames.Key(r.Reference.Name)).ToArray(),
            RefKinds = references.Select(r => r.Reference.Kind).ToArray(),
            RefLines = references.Select(r => r.Reference.Line).ToArray(),
        }, tx, cancellationToken: ct));
    }

    static object Rows(IReadOnlyList<ScriptDraft> drafts, string? username, DateTimeOffset now) => new
    {
        Username = username,
        Now = now,
        Ids = drafts.Select(d => d.Id).ToArray(),
        Names = drafts.Select(d => d.Name).ToArray(),
        NameKeys = drafts.Select(d => d.NameKey).ToArray(),
        Descriptions = drafts.Select(d => d.Description).ToArray(),
        Contents = drafts.Select(d => d.Content).ToArray(),
        Bytes = drafts.Select(d => d.Bytes).ToArray(),
        Encodings = drafts.Select(d => d.Encoding).ToArray(),
        Sha256s = drafts.Select(d => d.Sha256).ToArray(),
        Types = drafts.Select(d => d.Type).ToArray(),
        Active = drafts.Select(d => d.IsActive).ToArray(),
        Credentials = drafts.Select(d => d.Analysis.HasCredentials).ToArray(),
    };
}
