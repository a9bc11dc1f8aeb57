using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptActivity;

internal sealed class Request
{
    public string Id { get; init; } = "";

    public int PageSize { get; init; } = 20;

    /// <summary>The previous page's <c>nextCursor</c>, as given; absent for the newest page.</summary>
    public string? Cursor { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.PageSize).InclusiveBetween(1, PagingRules.MaxPageSize).WithName("pageSize");
            RuleFor(x => x.Cursor).Must(ResourceActivity.IsValidCursor).WithMessage(ResourceActivity.CursorMessage);
        }
    }
}
