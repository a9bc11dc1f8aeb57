using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.UpdateUser;

/// <summary>
/// Only the members sent change; <c>null</c> for one of them is invalid rather than ignored.
/// </summary>
public sealed class Request
{
    readonly string? _displayName, _email;
    readonly bool? _isActive;

    public string Id { get; init; } = "";

    public string? DisplayName { get => _displayName; init { _displayName = value; HasDisplayName = true; } }

    public string? Email { get => _email; init { _email = value; HasEmail = true; } }

    /// <summary><c>false</c> deactivates the account (as <c>DELETE</c> does), <c>true</c> reactivates it.</summary>
    public bool? IsActive { get => _isActive; init { _isActive = value; HasIsActive = true; } }

    /// <summary>The version the change is based on (or send it as <c>If-Match</c>): an account at another version is not changed (412).</summary>
    public int? Version { get; init; }

    internal bool HasDisplayName { get; private init; }
    internal bool HasEmail { get; private init; }
    internal bool HasIsActive { get; private init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.DisplayName).Must(n => n is not null && n.Trim().Length is >= 1 and <= 100)
                .WithMessage("displayName is 1 to 100 characters and not blank.").When(x => x.HasDisplayName);
            RuleFor(x => x.Email).NotNull().WithMessage("email cannot be null.").When(x => x.HasEmail);
            RuleFor(x => x.Email!).ValidEmail().When(x => x.HasEmail && x.Email is not null);
            RuleFor(x => x.IsActive).NotNull().WithMessage("isActive is true or false.").When(x => x.HasIsActive);
            RuleFor(x => x.Version).GreaterThan(0);
        }
    }
}
