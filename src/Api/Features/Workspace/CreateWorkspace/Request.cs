using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateWorkspace;

internal sealed class Request
{
    public string? Name { get; init; }

    /// <summary>An absolute path: <c>/…</c>, <c>C:\…</c>, <c>C:/…</c> or <c>\\server\share…</c>; unique among the caller's workspaces.</summary>
    public string? RootPath { get; init; }

    public string? Description { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidName();
            RuleFor(x => x.RootPath).ValidRootPath();
            RuleFor(x => x.Description).ValidDescription();
        }
    }
}
