using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.CreateJob;

/// <summary>
/// A new job. <c>folder</c> defaults to <c>application</c> (the original web client sends no folder), <c>datacenter</c>
/// to none; <c>occurrence</c>, when left out, is the next free one for that name in that folder (real folders repeat names).
/// </summary>
internal sealed class Request : JobInput
{
    public int? Occurrence { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.JobName).NotEmpty().WithMessage("must not be empty.");
            RuleFor(x => x.Folder).NotEmpty().When(x => string.IsNullOrWhiteSpace(x.Application))
                .WithMessage("must not be empty (or send application, which then names the folder).");
            RuleFor(x => x.Occurrence).GreaterThan(0).WithMessage("is 1 or more.");
            JobRules.Apply(this);
        }
    }
}

internal sealed record Response(JobView Job);
