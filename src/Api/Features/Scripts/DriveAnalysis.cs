using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Scripts;

internal sealed record DriveAnalysis(int TotalScripts, int TotalMappings, string[] UsedDrives, string[] AvailableDrives,
    List<DriveConflict> Conflicts, SortedDictionary<string, List<DriveUser>> DriveUsage);

/// <summary>A letter that scripts map to more than one network path: whichever runs last wins on a user's machine.</summary>
internal sealed record DriveConflict(string DriveLetter, List<DriveUser> Scripts);

internal sealed class DriveUser
{
    public string DriveLetter { get; init; } = "";
    public string ScriptId { get; init; } = "";
    public string ScriptName { get; init; } = "";
    public string NetworkPath { get; init; } = "";
}

/// <summary>
/// Which scripts map which drive letters, read in one round trip from the mapping rows (each script and path once per
/// letter) and grouped here. A conflict is a letter mapped to different paths, compared case-insensitively as Windows does.
/// </summary>
internal static class DriveAnalyser
{
    /// <summary>The letters a logon script may map: A and B are floppies by tradition and C the system drive.</summary>
    static readonly string[] MappableLetters = [.. Enumerable.Range('D', 23).Select(c => $"{(char)c}:")];

    const string Sql = $"""
        SELECT count(*)::int FROM scripts;
        SELECT count(*)::int FROM script_drive_mappings;
        SELECT DISTINCT ON (m.drive_letter, s.id, lower(m.network_path))
               m.drive_letter AS {nameof(DriveUser.DriveLetter)}, s.id::text AS {nameof(DriveUser.ScriptId)},
               s.name AS {nameof(DriveUser.ScriptName)}, m.network_path AS {nameof(DriveUser.NetworkPath)}
        FROM script_drive_mappings m JOIN scripts s ON s.id = m.script_id
        WHERE m.drive_letter IS NOT NULL
        ORDER BY m.drive_letter, s.id, lower(m.network_path), m.ordinal;
        """;

    public static async Task<DriveAnalysis> AnalyseAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, cancellationToken: ct));
        var totalScripts = await results.ReadSingleAsync<int>();
        var totalMappings = await results.ReadSingleAsync<int>();
        var users = await results.ReadAsync<DriveUser>();

        var usage = new SortedDictionary<string, List<DriveUser>>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (!usage.TryGetValue(user.DriveLetter, out var list))
                usage[user.DriveLetter] = list = [];
            list.Add(user);
        }
        var conflicts = usage
            .Where(u => u.Value.Select(x => x.NetworkPath).Distinct(StringComparer.OrdinalIgnoreCase).Skip(1).Any())
            .Select(u => new DriveConflict(u.Key, [.. u.Value.OrderBy(x => x.NetworkPath, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.ScriptName, StringComparer.OrdinalIgnoreCase)]))
            .ToList();
        return new DriveAnalysis(totalScripts, totalMappings, [.. usage.Keys], [.. MappableLetters.Where(l => !usage.ContainsKey(l))], conflicts, usage);
    }
}
