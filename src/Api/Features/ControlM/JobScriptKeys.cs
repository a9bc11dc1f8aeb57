using WorkspaceOrganizer.Api.Features.Scripts.Analysis;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary>
/// The scripts a job names, as Scripts' name keys (<see cref="ScriptNames.Key"/>: one matching rule for references and
/// for jobs): its <c>memName</c>'s file name, and each word of its <c>cmdLine</c> that is a script file
/// (<c>cd D:\fin &amp;&amp; "%BIN%\load.bat" /q</c> → <c>load</c>). Computed once on import; auto-link joins them.
/// </summary>
public static class JobScriptKeys
{
    static readonly char[] Separators = [' ', '\t', '\r', '\n', '"', '\'', '&', '|', ';', '<', '>', '(', ')', '`', ','];

    public static string? OfMemName(string? memName) =>
        string.IsNullOrWhiteSpace(memName) || memName.Equals("Not Applicable", StringComparison.OrdinalIgnoreCase)
            ? null
            : ScriptNames.Key(ScriptNames.FileNameOf(memName));

    public static string[] OfCommand(string? cmdLine) =>
        cmdLine is null
            ? []
            : [.. cmdLine.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
                .Select(ScriptNames.FileNameOf)
                .Where(word => ScriptNames.HasScriptExtension(word))
                .Select(ScriptNames.Key)
                .Distinct(StringComparer.Ordinal)];
}
