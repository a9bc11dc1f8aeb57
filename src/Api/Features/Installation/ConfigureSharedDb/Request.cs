using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Users;

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
                RuleFor(x => x.AdminUser!.Username).ValidUsername();
                RuleFor(x => x.AdminUser!.Email).ValidEmail();
                RuleFor(x => x.AdminUser!.Password).ValidNewPassword();
                RuleFor(x => x.AdminUser!.DisplayName).ValidDisplayName();
            });
        }
    }
}

/// <summary><c>success</c> (always true: a failure is an error) and <c>message</c> are what the original web client reads.</summary>
public sealed record Response(bool Success, string Message, string Status, IReadOnlyList<string> MigrationsApplied, string? AdminUserId);
