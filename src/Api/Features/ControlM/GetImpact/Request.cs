using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetImpact;

/// <summary>
/// What fails: a share (<c>networkPath=\\srv\share</c>, or <c>server=&amp;share=</c>), every share of a server
/// (<c>server=</c>), a script (<c>scriptId=</c>) or a job (<c>jobId=</c>) — exactly one of them.
/// </summary>
internal sealed class Request
{
    public static readonly string[] Formats = ["json", "mermaid", "dot"];

    public string? NetworkPath { get; init; }
    public string? Server { get; init; }
    public string? Share { get; init; }
    public string? ScriptId { get; init; }
    public string? JobId { get; init; }

    /// <summary><c>json</c> (default); <c>mermaid</c> (text/vnd.mermaid) or <c>dot</c> (text/vnd.graphviz): the walk as a picture.</summary>
    public string? Format { get; init; }

    /// <summary>The server and share named by <c>networkPath</c> (<c>\\srv\share\any\folder</c> or <c>//srv/share</c>), else by <c>server</c>/<c>share</c>.</summary>
    public (string Server, string? Share)? SharePart()
    {
        if (NetworkPath is { } path)
        {
            var parts = path.Trim().Replace('/', '\\').TrimStart('\\').Split('\\', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 ? (parts[0], parts[1]) : null;
        }
        return string.IsNullOrWhiteSpace(Server) ? null : (Server.Trim(), string.IsNullOrWhiteSpace(Share) ? null : Share.Trim());
    }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x).Must(x => new[] { x.NetworkPath is not null, x.Server is not null || x.Share is not null, x.ScriptId is not null, x.JobId is not null }.Count(given => given) == 1)
                .OverridePropertyName("networkPath").WithName("networkPath")
                .WithMessage("name exactly one of networkPath, server (with or without share), scriptId or jobId.");
            RuleFor(x => x.NetworkPath).Must(p => p is null || (p.Trim().StartsWith(@"\\", StringComparison.Ordinal) || p.Trim().StartsWith("//", StringComparison.Ordinal))
                    && new Request { NetworkPath = p }.SharePart() is not null)
                .WithMessage(@"is a UNC path such as \\server\share.");
            RuleFor(x => x.Server).NotEmpty().When(x => x.Share is not null).WithMessage("is required with share.");
            RuleFor(x => x.ScriptId).Must(id => id is null || Guid.TryParse(id, out _)).WithMessage("is the id of a script (a UUID).");
            RuleFor(x => x.JobId).Must(id => id is null || Guid.TryParse(id, out _)).WithMessage("is the id of a job (a UUID).");
            RuleFor(x => x.Format).Must(f => f is null || Formats.Contains(f)).WithMessage($"is one of {string.Join(", ", Formats)}.");
        }
    }
}

/// <summary>One step of the path from the root to a result: a share, a script or a job, and how it follows the step before it.</summary>
internal sealed record PathStep(string Kind, string? Id, string Name, string? Via);

/// <summary>
/// The step a result was reached from: the root (a share or server has no id), a script or a job of the same answer.
/// Following <c>from</c> result by result gives the whole path.
/// </summary>
internal sealed record StepRef(string Kind, string? Id, string Name);

internal sealed record ImpactRoot(string Kind, string? Id, string Name);

internal sealed record ShareView(string NetworkPath, int Scripts);

/// <summary>
/// A script that fails: it maps the share (depth 0) or depends on one that fails (depth n). <c>from</c> is the share or
/// the script it was reached from (null for a script that is the root), <c>reachedBy</c> the step: <c>call map.bat (line 2)</c>.
/// </summary>
internal sealed record ScriptImpact(string Id, string Name, int Depth, StepRef? From, string? ReachedBy);

/// <summary>A job that runs a failing script: <c>via</c> is <c>linked</c>, <c>memName</c> or <c>cmdLine</c>; <c>from</c> is that script.</summary>
internal sealed record JobImpact(string Id, string JobName, string Folder, string Datacenter, string Via, string ScriptId, StepRef? From, string? ReachedBy);

/// <summary>
/// A job downstream of a failing job through the graph, <c>depth</c> edges away, reached by <c>condition</c> (or <c>flow</c>)
/// from the job <c>from</c> names.
/// </summary>
internal sealed record DownstreamJob(string Id, string JobName, string Folder, string Datacenter, int Depth, string Condition, StepRef From, string ReachedBy);

internal sealed record ImpactCounts(int Shares, int Scripts, int Jobs, int DownstreamJobs);

internal sealed record Response(ImpactRoot Root, IReadOnlyList<ShareView> Shares, IReadOnlyList<ScriptImpact> Scripts, IReadOnlyList<JobImpact> Jobs,
    IReadOnlyList<DownstreamJob> DownstreamJobs, ImpactCounts Counts);
