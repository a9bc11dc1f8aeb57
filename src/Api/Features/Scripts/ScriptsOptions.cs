namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>The <c>Scripts</c> section of the configuration: the import's limits besides its body limit (<c>Api:BodyLimits:ScriptImport</c>).</summary>
public sealed class ScriptsOptions
{
    public const string Section = "Scripts";

    public int MaxImportFiles { get; set; } = 5_000;

    /// <summary>One script's bytes, however it arrives (JSON content is counted as UTF-8).</summary>
    public int MaxScriptBytes { get; set; } = 1024 * 1024;
}
