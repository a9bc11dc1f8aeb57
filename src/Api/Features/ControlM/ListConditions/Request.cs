using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.ControlM.ListConditions;

internal sealed class Request : IPagedRequest
{
    public const int MaxSearchLength = 200;
    public static readonly string[] Kinds = ["all", "external", "unconsumed"];

    public int Page { get; init; } = 1;

    /// <summary>1 to 100; <c>0</c> answers no items, only <c>meta.total</c>.</summary>
    public int PageSize { get; init; } = 20;

    /// <summary>
    /// <c>all</c> (default): every condition a job waits for or posts; <c>external</c>: waited for, posted by no job of its
    /// datacenter; <c>unconsumed</c>: posted, waited for by no job of its datacenter.
    /// </summary>
    public string? Kind { get; init; }

    public string? Datacenter { get; init; }

    /// <summary>Case-insensitive substring of the condition's name.</summary>
    public string? Search { get; init; }

    public string? Pattern => LikePattern.Contains(Search?.ToLowerInvariant());

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithName("page");
            RuleFor(x => x.PageSize).InclusiveBetween(0, PagingRules.MaxPageSize).WithName("pageSize");
            RuleFor(x => x.Kind).Must(k => k is null || Kinds.Contains(k)).WithMessage($"is one of {string.Join(", ", Kinds)}.");
            RuleFor(x => x.Search).MaximumLength(MaxSearchLength).Must(s => s is null || !s.Any(char.IsControl))
                .WithMessage($"is at most {MaxSearchLength} characters without control characters.");
        }
    }
}

/// <summary>
/// A condition name of one datacenter: <c>internal</c> (posted and waited for there), <c>external</c> (waited for, posted by
/// none of its jobs) or <c>unconsumed</c> (posted, waited for by none). The counts are of every job; the lists hold the
/// first <see cref="Data.MaxJobsListed"/> in folder, name, occurrence order.
/// </summary>
internal sealed class InventoryCondition
{
    public string Name { get; set; } = "";
    public string Datacenter { get; set; } = "";
    public string Kind { get; set; } = "";
    public int ProducerCount { get; set; }
    public int ConsumerCount { get; set; }
    public List<InventoryJob> Producers { get; set; } = [];
    public List<InventoryJob> Consumers { get; set; } = [];
}

/// <summary>A job that posts or waits for the condition.</summary>
internal sealed record InventoryJob(string Id, string JobName, int Occurrence, string Folder);
