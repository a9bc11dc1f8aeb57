using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>A request for one page of a list: <c>page</c> ≥ 1 (default 1), <c>pageSize</c> 1..100 (default 20).</summary>
public interface IPagedRequest
{
    int Page { get; }
    int PageSize { get; }
}

public sealed record PageMeta(int Total, int Page, int PageSize, bool HasNextPage, bool HasPreviousPage)
{
    public static PageMeta For(IPagedRequest request, int total) =>
        new(total, request.Page, request.PageSize, (long)request.Page * request.PageSize < total, request.Page > 1);
}

/// <summary>The list envelope of contract §2.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, PageMeta Meta);

public static class PagingRules
{
    public const int MaxPageSize = 100;

    public static void ValidatePaging<T>(this Validator<T> validator) where T : IPagedRequest
    {
        validator.RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithName("page");
        validator.RuleFor(x => x.PageSize).InclusiveBetween(1, MaxPageSize).WithName("pageSize");
    }

    public static long Offset(this IPagedRequest request) => (long)(request.Page - 1) * request.PageSize;
}
