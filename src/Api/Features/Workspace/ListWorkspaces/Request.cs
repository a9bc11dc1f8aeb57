using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListWorkspaces;

internal sealed class Request : IPagedRequest
{
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>Matches name, rootPath or description: a substring, letters A–Z compared case-insensitively.</summary>
    public string? Search { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidatePaging();
            RuleFor(x => x.Search).ValidSearch();
        }
    }
}
