using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateProject;

/// <summary>
/// The contract's body, <c>{name, relativePath, description?}</c>. The original web client's project form
/// (<c>POST /personal-projects</c>, contract §14) sends <c>{title, folderPath?, workspaceId, description?, …}</c> instead;
/// those are read when the contract's member is absent, and its other members are ignored.
/// </summary>
internal sealed class Request
{
    /// <summary>The workspace, from the contract route; empty on the original client's alias, which has no route parameter.</summary>
    [RouteParam]
    public string Id { get; init; } = "";

    /// <summary>The workspace, as the original web client sends it (in the body, or the query); ignored when the route names the workspace.</summary>
    public string? WorkspaceId { get; init; }

    public string? Name { get; init; }

    /// <summary>A path inside the workspace (no leading separator, drive letter or <c>..</c>); <c>.</c> is the workspace root itself.</summary>
    public string? RelativePath { get; init; }

    public string? Description { get; init; }

    /// <summary>The original web client's name for <see cref="Name"/>; ignored when <c>name</c> is sent.</summary>
    public string? Title { get; init; }

    /// <summary>The original web client's name for <see cref="RelativePath"/>, under the same rules; ignored when <c>relativePath</c> is sent.</summary>
    public string? FolderPath { get; init; }

    /// <summary>The contract's name wins: the route's id, else <c>workspaceId</c>.</summary>
    internal string? Workspace() => Id.Length > 0 ? Id : WorkspaceId;

    internal string? NameOrTitle() => Name ?? Title;

    /// <summary>
    /// The original client's form leaves the folder out unless the user types one; its project then lives in a folder of
    /// the workspace named after its title (the original kept such projects without a folder, which §11 has no room for).
    /// </summary>
    internal string? RelativePathOrFolderPath() => RelativePath ?? FolderPath ?? (TitleIsTheFolder ? Title : null);

    bool TitleIsTheFolder => Id.Length == 0 && RelativePath is null && FolderPath is null && Name is null && Title is not null;

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            // Each rule checks the member that will be stored, and names the one the caller sent: a client that sent
            // folderPath is told about folderPath.
            RuleFor(x => x.Name).ValidName().When(x => x.Name is not null || x.Title is null);
            RuleFor(x => x.Title).ValidName().When(x => x.Name is null && x.Title is not null);
            RuleFor(x => x.RelativePath).ValidRelativePath().When(x => x.RelativePath is not null || (x.FolderPath is null && !x.TitleIsTheFolder));
            RuleFor(x => x.FolderPath).ValidRelativePath().When(x => x.RelativePath is null && x.FolderPath is not null);
            RuleFor(x => x.Title).ValidRelativePath().When(x => x.TitleIsTheFolder);
            RuleFor(x => x.Description).ValidDescription();
            // Only the alias can lack a workspace (the contract route always has its id); a malformed or unknown one is a 404, as on the route.
            RuleFor(x => x.WorkspaceId).NotEmpty().When(x => x.Id.Length == 0).WithMessage("must name the workspace to add the project to.");
        }
    }
}
