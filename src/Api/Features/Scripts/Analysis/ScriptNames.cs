namespace WorkspaceOrganizer.Api.Features.Scripts.Analysis;

/// <summary>
/// How scripts are named and matched: one rule for the analyser's references and (lent to Control-M) for a job's
/// <c>memName</c>. A name matches a script case-insensitively, with or without its script extension.
/// </summary>
public static class ScriptNames
{
    public const int MaxLength = 255;

    static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".bat"] = ScriptTypes.Batch, [".cmd"] = ScriptTypes.Batch,
        [".ps1"] = ScriptTypes.PowerShell, [".psm1"] = ScriptTypes.PowerShell, [".psd1"] = ScriptTypes.PowerShell,
        [".sh"] = ScriptTypes.Shell, [".bash"] = ScriptTypes.Shell, [".ksh"] = ScriptTypes.Shell, [".zsh"] = ScriptTypes.Shell,
        [".py"] = ScriptTypes.Python, [".sql"] = ScriptTypes.Sql,
    };

    /// <summary>The lookup key: lower case, without a script extension (<c>Run.BAT</c>, <c>run.bat</c> and <c>run</c> share <c>run</c>).</summary>
    public static string Key(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        var dot = lower.LastIndexOf('.');
        return dot > 0 && Extensions.ContainsKey(lower[dot..]) ? lower[..dot] : lower;
    }

    /// <summary>Whether the file name ends in an extension of a script this library analyses.</summary>
    public static bool HasScriptExtension(ReadOnlySpan<char> fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot > 0 && Extensions.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(fileName[dot..]);
    }

    public static string? TypeOfExtension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 && Extensions.TryGetValue(name[dot..], out var type) ? type : null;
    }

    /// <summary>1 to 255 characters, not only spaces, no path separators and no control characters.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxLength && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    /// <summary>The file name behind any path or variable prefix: <c>"%~dp0lib\run.bat"</c> → <c>run.bat</c>.</summary>
    public static string FileNameOf(string path)
    {
        var trimmed = path.Trim().Trim('"', '\'');
        var cut = trimmed.LastIndexOfAny(['\\', '/', '}', ')']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }
}
