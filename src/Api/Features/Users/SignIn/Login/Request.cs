using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.Login;

public sealed class Request
{
    /// <summary>The username or the e-mail address.</summary>
    public string Username { get; init; } = "";
    public string Password { get; init; } = "";

    /// <summary><c>local</c> or <c>team</c>; without it, in shared mode a team account of that name first, else the local owner; in solo mode the local owner.</summary>
    public string? Realm { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Username).NotEmpty().MaximumLength(254);
            RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordHashing.MaximumLength);
            RuleFor(x => x.Realm).Must(r => r is null or Realms.Local or Realms.Team).WithMessage("realm is 'local' or 'team'.");
        }
    }
}
