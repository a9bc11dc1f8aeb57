using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateProject;

/// <summary>
/// Only the members sent change. <c>description: null</c> (or blank) clears the description; <c>null</c> for a
/// required member is invalid rather than ignored.
/// </summary>
internal sealed class Request
{
    readonly string? _name, _relativePath, _description;

    public string Id { get; init; } = "";
    public string ProjectId { get; init; } = "";

    public string? Name { get => _name; init { _name = value; HasName = true; } }

    /// <summary>A path inside the workspace, unique within it.</summary>
    public string? RelativePath { get => _relativePath; init { _relativePath = value; HasRelativePath = true; } }

    public string? Description { get => _description; init { _description = value; HasDescription = true; } }

    internal bool HasName { get; private init; }
    internal bool HasRelativePath { get; private init; }
    internal bool HasDescription { get; private init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidName().When(x => x.HasName);
            RuleFor(x => x.RelativePath).ValidRelativePath().When(x => x.HasRelativePath);
            RuleFor(x => x.Description).ValidDescription();
        }
    }
}
