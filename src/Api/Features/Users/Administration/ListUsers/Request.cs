using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ListUsers;

public sealed class Request : IPagedRequest
{
    public const int MaxSearchLength = 254;

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>A substring of the username, e-mail or display name, case-insensitive; <c>%</c>, <c>_</c> and <c>\</c> are literal.</summary>
    public string? Search { get; init; }

    /// <summary>Only active (<c>true</c>) or only deactivated (<c>false</c>) accounts; both when absent.</summary>
    public bool? IsActive { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidatePaging();
            RuleFor(x => x.Search).MaximumLength(MaxSearchLength).WithMessage($"search is at most {MaxSearchLength} characters.")
                .Must(s => s is null || !s.Any(char.IsControl)).WithMessage("search contains no control characters.");
        }
    }
}
