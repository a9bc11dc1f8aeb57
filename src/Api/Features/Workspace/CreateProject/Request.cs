using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateProject;

internal sealed class Request
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }

    /// <summary>A path inside the workspace (no leading separator, drive letter or <c>..</c>); <c>.</c> is the workspace root itself.</summary>
    public string? RelativePath { get; init; }

    public string? Description { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidName();
            RuleFor(x => x.RelativePath).ValidRelativePath();
            RuleFor(x => x.Description).ValidDescription();
        }
    }
}
