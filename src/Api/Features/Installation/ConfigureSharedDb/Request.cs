using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Installation.ConfigureSharedDb;

public sealed class AdminUser
{
    public string Username { get; init; } = "";
    public string Email { get; init; } = "";
    public string Password { get; init; } = "";
    public string? DisplayName { get; init; }
}

public sealed class Request : ConnectionRequest
{
    /// <summary>The first team admin; required when the shared database has no team accounts yet.</summary>
    public AdminUser? AdminUser { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            this.ValidateConnection();
            When(x => x.AdminUser is not null, () =>
            {
                RuleFor(x => x.AdminUser!.Username).NotEmpty().Length(3, 64).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$");
                RuleFor(x => x.AdminUser!.Email).NotEmpty().MaximumLength(254).EmailAddress();
                RuleFor(x => x.AdminUser!.Password).NotEmpty().Length(10, 256);
                RuleFor(x => x.AdminUser!.DisplayName).MaximumLength(100);
            });
        }
    }
}

public sealed record Response(string Status, IReadOnlyList<string> MigrationsApplied, string? AdminUserId);
