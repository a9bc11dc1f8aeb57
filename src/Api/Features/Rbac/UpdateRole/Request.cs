using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Rbac.UpdateRole;

/// <summary>
/// Only the members sent change. <c>permissions</c> replaces the role's whole set; <c>description: null</c> (or blank)
/// clears the description; <c>null</c> for <c>name</c> or <c>permissions</c> is invalid rather than ignored.
/// </summary>
internal sealed class Request
{
    readonly string? _name, _description;
    readonly string[]? _permissions;

    public string Id { get; init; } = "";

    /// <summary>The version the change is based on (or send it as <c>If-Match</c>): a role at another version is not changed (412).</summary>
    public int? Version { get; init; }

    public string? Name { get => _name; init { _name = value; HasName = true; } }

    public string? Description { get => _description; init { _description = value; HasDescription = true; } }

    public string[]? Permissions { get => _permissions; init { _permissions = value; HasPermissions = true; } }

    internal bool HasName { get; private init; }
    internal bool HasDescription { get; private init; }
    internal bool HasPermissions { get; private init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidRoleName().When(x => x.HasName);
            RuleFor(x => x.Description).ValidRoleDescription();
            RuleFor(x => x.Permissions).ValidPermissions().When(x => x.HasPermissions);
            RuleFor(x => x.Version).GreaterThan(0).WithMessage("version is a positive integer.");
        }
    }
}
