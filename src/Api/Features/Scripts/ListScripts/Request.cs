using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListScripts;

internal sealed class Request : IPagedRequest
{
    public const int MaxSearchLength = 200;
    public static readonly string[] Sorts = ["name", "-name", "updatedAt", "-updatedAt"];

    public int Page { get; init; } = 1;

    /// <summary>1 to 100; <c>0</c> answers no items, only <c>meta.total</c> (the original web client counts this way).</summary>
    public int PageSize { get; init; } = 20;

    public string? Type { get; init; }
    public bool? IsActive { get; init; }
    public bool? HasCredentials { get; init; }

    /// <summary>A tag name, case-insensitive.</summary>
    public string? Tag { get; init; }

    public string? TagId { get; init; }

    /// <summary>The original client's name: tag ids separated by commas; a script with any of them matches.</summary>
    public string? TagIds { get; init; }

    /// <summary><c>X</c> or <c>X:</c>.</summary>
    public string? DriveLetter { get; init; }

    /// <summary>A case-insensitive substring of the name, description or content; <c>%</c>, <c>_</c> and <c>\</c> are literal.</summary>
    public string? Search { get; init; }

    /// <summary>The original client's name for <see cref="Search"/>; <c>search</c> wins when both are sent.</summary>
    public string? SearchQuery { get; init; }

    /// <summary><c>name</c> (default), <c>-name</c>, <c>updatedAt</c>, <c>-updatedAt</c>.</summary>
    public string? Sort { get; init; }

    public string? Pattern => LikePattern.Contains((Search ?? SearchQuery)?.ToLowerInvariant());

    public string? Drive => DriveLetter is null ? null : $"{char.ToUpperInvariant(DriveLetter[0])}:";

    public Guid[] AllTagIds => [.. new[] { TagId }.Concat(TagIds?.Split(',') ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Guid.Parse(t!.Trim()))];

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithName("page");
            RuleFor(x => x.PageSize).InclusiveBetween(0, PagingRules.MaxPageSize).WithName("pageSize");
            RuleFor(x => x.Type).ValidScriptType();
            RuleFor(x => x.TagId).Must(t => t is null || Guid.TryParse(t, out _)).WithMessage("is a UUID.");
            RuleFor(x => x.TagIds).Must(t => t is null || t.Split(',').All(p => string.IsNullOrWhiteSpace(p) || Guid.TryParse(p.Trim(), out _)))
                .WithMessage("is a comma-separated list of UUIDs.");
            RuleFor(x => x.DriveLetter).Matches("^[A-Za-z]:?$").WithMessage("is a drive letter, X or X:.");
            RuleFor(x => x.Search).MaximumLength(MaxSearchLength).Must(s => s is null || !s.Any(char.IsControl))
                .WithMessage($"is at most {MaxSearchLength} characters without control characters.");
            RuleFor(x => x.SearchQuery).MaximumLength(MaxSearchLength).Must(s => s is null || !s.Any(char.IsControl))
                .WithMessage($"is at most {MaxSearchLength} characters without control characters.");
            RuleFor(x => x.Sort).Must(s => s is null || Sorts.Contains(s)).WithMessage($"is one of {string.Join(", ", Sorts)}.");
        }
    }
}
