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

    /// <summary>The original web client's filter, statuses separated by commas: every project here is <c>active</c>, so a list without it matches none.</summary>
    public string? Status { get; init; }

    internal bool AsksForActive() =>
        Status is null || Status.Split(',', StringSplitOptions.TrimEntries).Contains("active", StringComparer.OrdinalIgnoreCase);

    /// <summary>The contract's name wins: the route's id, else <c>workspaceId</c>.</summary>
    internal string? Workspace() => Id.Length > 0 ? Id : WorkspaceId;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidatePaging();
            RuleFor(x => x.Search).ValidSearch();
            RuleFor(x => x.Status).MaximumLength(200);
        }
    }
}
