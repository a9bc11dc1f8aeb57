using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListJobs;

internal sealed class Request : IPagedRequest
{
    public const int MaxSearchLength = 200;
    public static readonly string[] Sorts = ["folder", "-folder", "jobName", "-jobName", "updatedAt", "-updatedAt"];

    public int Page { get; init; } = 1;

    /// <summary>1 to 100; <c>0</c> answers no items, only <c>meta.total</c>.</summary>
    public int PageSize { get; init; } = 20;

    public string? Datacenter { get; init; }
    public string? Folder { get; init; }
    public string? Application { get; init; }
    public string? SubApplication { get; init; }
    public string? NodeId { get; init; }
    public string? TaskType { get; init; }
    public bool? IsActive { get; init; }
    public bool? IsCyclic { get; init; }

    /// <summary>true: only jobs linked to a script; false: only unlinked ones.</summary>
    public bool? Linked { get; init; }

    /// <summary>Case-insensitive substring of job name, description, memName and cmdLine.</summary>
    public string? Search { get; init; }

    /// <summary>The original web client's name for <see cref="Search"/>.</summary>
    public string? SearchQuery { get; init; }

    /// <summary><c>folder</c> (default), <c>jobName</c> or <c>updatedAt</c>, descending with a leading <c>-</c>.</summary>
    public string? Sort { get; init; }

    public string? Pattern => LikePattern.Contains((Search ?? SearchQuery)?.ToLowerInvariant());

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithName("page");
            RuleFor(x => x.PageSize).InclusiveBetween(0, PagingRules.MaxPageSize).WithName("pageSize");
            RuleFor(x => x.Search).MaximumLength(MaxSearchLength).Must(s => s is null || !s.Any(char.IsControl))
                .WithMessage($"is at most {MaxSearchLength} characters without control characters.");
            RuleFor(x => x.SearchQuery).MaximumLength(MaxSearchLength).Must(s => s is null || !s.Any(char.IsControl))
                .WithMessage($"is at most {MaxSearchLength} characters without control characters.");
            RuleFor(x => x.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage($"is one of {string.Join(", ", Sorts)}.");
        }
    }
}
