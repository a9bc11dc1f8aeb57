using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateWorkspace;

/// <summary>
/// Only the members sent change. <c>description: null</c> (or blank) clears the description; <c>null</c> for a
/// required member is invalid rather than ignored.
/// </summary>
internal sealed class Request
{
    readonly string? _name, _rootPath, _description, _status;

    public string Id { get; init; } = "";

    public string? Name { get => _name; init { _name = value; HasName = true; } }

    /// <summary>An absolute path, unique among the caller's workspaces.</summary>
    public string? RootPath { get => _rootPath; init { _rootPath = value; HasRootPath = true; } }

    public string? Description { get => _description; init { _description = value; HasDescription = true; } }

    /// <summary><c>active</c> or <c>archived</c>.</summary>
    public string? Status { get => _status; init { _status = value; HasStatus = true; } }

    internal bool HasName { get; private init; }
    internal bool HasRootPath { get; private init; }
    internal bool HasDescription { get; private init; }
    internal bool HasStatus { get; private init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidName().When(x => x.HasName);
            RuleFor(x => x.RootPath).ValidRootPath().When(x => x.HasRootPath);
            RuleFor(x => x.Description).ValidDescription();
            RuleFor(x => x.Status).ValidStatus().When(x => x.HasStatus);
        }
    }
}
