namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>
/// What an import did (or, with <c>dryRun</c>, would do): jobs new to the catalog, changed, unchanged, and — in
/// <c>replace</c> mode — removed from the folders the file holds.
/// </summary>
internal sealed record Response(
    int Imported, int Updated, int Unchanged, int Removed, int Skipped, IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportedFolder> Folders, string Format, string Mode, bool DryRun);

internal sealed record ImportProblem(string Location, string Message);

internal sealed class ImportedFolder
{
    public string Datacenter { get; init; } = "";
    public string Path { get; init; } = "";
    public int Jobs { get; init; }
}
