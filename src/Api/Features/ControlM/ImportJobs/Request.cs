using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>The query of an import; the body is read as a stream (never bound), so the query is read by hand and documented with TakesQuery.</summary>
internal static class ImportQuery
{
    public const string ModeName = "mode";
    public const string DryRunName = "dryRun";

    public const string Merge = "merge";
    public const string Replace = "replace";

    public const string BodyLimitName = "ControlMImport";
    public const long BodyLimitDefault = 256 * BodyLimit.MiB;
}
