using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Rbac.CreateRole;

internal sealed class Request
{
    /// <summary>1 to 64 characters, unique case-insensitively among all roles (built-in ones included).</summary>
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Names from the permission catalog; duplicates are ignored, an empty list makes a role that grants nothing.</summary>
    public string[]? Permissions { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidRoleName();
            RuleFor(x => x.Description).ValidRoleDescription();
            RuleFor(x => x.Permissions).ValidPermissions();
        }
    }
}
