namespace WorkspaceOrganizer.Api.Features.Scripts.Analysis;

/// <summary>The script types of contract §9, and how a type is told when the client gives none.</summary>
public static class ScriptTypes
{
    public const string Batch = "batch";
    public const string PowerShell = "powershell";
    public const string Shell = "shell";
    public const string Python = "python";
    public const string Sql = "sql";
    public const string Other = "other";

    public static readonly string[] All = [Batch, PowerShell, Shell, Python, Sql, Other];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    /// <summary>By the name's extension; without a known one, by the content (shebang, <c>@echo off</c>, PowerShell idioms).</summary>
    public static string Detect(string name, string content) => ScriptNames.TypeOfExtension(name) ?? FromContent(content);

    static string FromContent(string content)
    {
        var head = content.Length > 4096 ? content[..4096] : content;
        if (head.StartsWith("#!", StringComparison.Ordinal))
        {
            var shebang = head.AsSpan(0, Math.Max(0, head.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : head.Length));
            if (shebang.Contains("python", StringComparison.OrdinalIgnoreCase))
                return Python;
            if (shebang.Contains("pwsh", StringComparison.OrdinalIgnoreCase))
                return PowerShell;
            return Shell;
        }
        if (head.Contains("@echo off", StringComparison.OrdinalIgnoreCase) || head.Contains("%~dp0", StringComparison.OrdinalIgnoreCase))
            return Batch;
        if (head.Contains("$PSScriptRoot", StringComparison.OrdinalIgnoreCase) || head.Contains("Write-Host", StringComparison.OrdinalIgnoreCase)
            || head.Contains("param(", StringComparison.OrdinalIgnoreCase))
            return PowerShell;
        return Other;
    }
}
