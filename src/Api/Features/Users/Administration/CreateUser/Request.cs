using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.CreateUser;

public sealed class Request
{
    public const int MaxRoles = 50;

    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string Password { get; init; } = "";

    /// <summary>Defaults to the username.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Role names (case-insensitive); may be empty, an account without roles signs in but may do nothing.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Username).ValidUsername();
            RuleFor(x => x.Email).ValidEmail();
            RuleFor(x => x.Password).ValidNewPassword();
            RuleFor(x => x.DisplayName).ValidDisplayName();
            RuleFor(x => x.Roles).Cascade(CascadeMode.Stop).NotNull().WithMessage("roles is a list of role names; send [] for none.")
                .Must(r => r!.Count <= MaxRoles).WithMessage($"roles has at most {MaxRoles} names.")
                .Must(r => r!.All(name => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 64))
                .WithMessage("Every role name is 1 to 64 characters.");
        }
    }
}
