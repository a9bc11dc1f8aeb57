using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.DeleteJobs;

internal sealed class Request
{
    /// <summary>Only the jobs of this folder path (<c>Top/Sub</c>); without it, every job of the catalog.</summary>
    public string? Folder { get; init; }

    /// <summary>Only with <see cref="Folder"/>: the folder's datacenter, when several hold a folder of that name.</summary>
    public string? Datacenter { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Folder).NotEmpty().When(x => x.Folder is not null).WithMessage("is a folder path, not empty.");
            RuleFor(x => x.Datacenter).Null().When(x => x.Folder is null).WithMessage("needs folder.");
        }
    }
}

internal sealed record Response(int DeletedCount);
