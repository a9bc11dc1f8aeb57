using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

internal sealed class Request : IAuditFilter
{
    /// <summary>The acting account's id (a UUID).</summary>
    public string? ActorId { get; init; }

    /// <summary>An exact action, <c>&lt;resource&gt;.&lt;verb&gt;</c>, e.g. <c>script.created</c>.</summary>
    public string? Action { get; init; }

    public string? ResourceType { get; init; }

    /// <summary>Only together with resourceType.</summary>
    public string? ResourceId { get; init; }

    /// <summary>ISO-8601 instant, inclusive; without an offset it is UTC.</summary>
    public string? From { get; init; }

    /// <summary>ISO-8601 instant, exclusive; without an offset it is UTC.</summary>
    public string? To { get; init; }

    public int PageSize { get; init; } = 20;

    /// <summary>The previous page's <c>nextCursor</c>, as given; absent for the newest page.</summary>
    public string? Cursor { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidateAuditFilter();
            RuleFor(x => x.PageSize).InclusiveBetween(1, PagingRules.MaxPageSize).WithName("pageSize");
            RuleFor(x => x.Cursor).Must(c => PageCursor.TryDecode(c, out _)).When(x => x.Cursor is not null)
                .WithMessage("cursor is malformed: pass a page's nextCursor as it was given.");
        }
    }
}
