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

/// <summary>
/// The answer to the original web client's <c>{csvContent}</c> body: the contract's members, with <c>errors</c> as the
/// strings that client prints (<c>"location: message"</c>), and its own counts. <c>skippedCount</c> is every row not
/// written — skipped and unchanged alike — because the client shows imported, updated and skipped as the whole file.
/// </summary>
internal sealed record ClientResponse(
    int Imported, int Updated, int Unchanged, int Removed, int Skipped, IReadOnlyList<string> Errors,
    IReadOnlyList<ImportedFolder> Folders, string Format, string Mode, bool DryRun,
    int ImportedCount, int UpdatedCount, int SkippedCount)
{
    public static ClientResponse Of(Response r) => new(r.Imported, r.Updated, r.Unchanged, r.Removed, r.Skipped,
        [.. r.Errors.Select(e => $"{e.Location}: {e.Message}")], r.Folders, r.Format, r.Mode, r.DryRun,
        r.Imported, r.Updated, r.Skipped + r.Unchanged);
}
