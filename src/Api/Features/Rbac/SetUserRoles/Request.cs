using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Rbac.SetUserRoles;

internal sealed class Request
{
    public string UserId { get; init; } = "";

    /// <summary>
    /// Every role the user is to hold, by name (case-insensitively); duplicates are ignored and an empty list takes all
    /// of the user's roles away.
    /// </summary>
    public string[]? Roles { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(x => x.Roles).Custom((roles, ctx) =>
            {
                if (roles is null)
                    ctx.AddFailure("roles is a list of role names (it may be empty).");
                else if (roles.Any(r => string.IsNullOrWhiteSpace(r) || r.Trim().Length > RoleRules.MaxNameLength))
                    ctx.AddFailure($"Each role name is 1 to {RoleRules.MaxNameLength} characters and not blank.");
            });
    }
}
