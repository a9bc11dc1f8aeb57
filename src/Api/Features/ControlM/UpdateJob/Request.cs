using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.UpdateJob;

/// <summary>
/// Only the members sent change; a condition or variable list sent replaces the job's. Moving or renaming the job
/// (<c>datacenter</c>, <c>folder</c>, <c>jobName</c>) gives it the next free occurrence there unless <c>occurrence</c> is sent.
/// </summary>
internal sealed class Request : JobInput
{
    public string Id { get; init; } = "";
    public int? Occurrence { get; init; }

    /// <summary>The version this change is based on, as an alternative to <c>If-Match</c>.</summary>
    public int? Version { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.JobName).Must(n => n is null || n.Trim().Length > 0).WithMessage("must not be empty.");
            RuleFor(x => x.Folder).Must(f => f is null || f.Trim().Length > 0).WithMessage("must not be empty.");
            RuleFor(x => x.Occurrence).GreaterThan(0).WithMessage("is 1 or more.");
            JobRules.Apply(this);
        }
    }
}

internal sealed record Response(JobView Job);
