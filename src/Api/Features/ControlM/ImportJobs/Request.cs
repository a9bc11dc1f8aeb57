using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>The query of an import; the body is the file itself, read as a stream (never bound).</summary>
internal static class ImportQuery
{
    public const string Merge = "merge";
    public const string Replace = "replace";

    public const string BodyLimitName = "ControlMImport";
    public const long BodyLimitDefault = 256 * BodyLimit.MiB;
}
