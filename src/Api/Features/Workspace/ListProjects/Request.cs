using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

internal sealed class Request : IPagedRequest
{
    /// <summary>The workspace, from the contract route; empty on the original client's alias, which has no route parameter.</summary>
    [RouteParam]
    public string Id { get; init; } = "";

    /// <summary>
    /// The workspace, as the original web client names it on <c>GET /personal-projects?workspaceId=</c> (contract §14);
    /// ignored when the route names the workspace.
    /// </summary>
    [QueryParam]
    public string? WorkspaceId { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>Matches name or relativePath: a substring, letters A–Z compared case-insensitively.</summary>
    public string? Search { get; init; }

    /// <summary>The contract's name wins: the route's id, else <c>workspaceId</c>.</summary>
    internal string? Workspace() => Id.Length > 0 ? Id : WorkspaceId;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidatePaging();
            RuleFor(x => x.Search).ValidSearch();
            // Only the alias can lack a workspace (the contract route always has its id); a malformed or unknown one is a 404, as on the route.
            RuleFor(x => x.WorkspaceId).NotEmpty().When(x => x.Id.Length == 0).WithMessage("workspaceId names the workspace whose projects to list.");
        }
    }
}
