using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>
/// Input rules every account form shares: usernames, e-mails, display names, passwords. Lent to Installation, whose
/// configure creates the first team admin: that account obeys the same rules as any other.
/// </summary>
public static class AccountRules
{
    public const int MaxDisplayNameLength = 100;

    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Length(3, 64).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("A username is 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(254).EmailAddress();

    public static IRuleBuilderOptions<T, string> ValidNewPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Length(PasswordHashing.MinimumLength, PasswordHashing.MaximumLength)
            .WithMessage($"A password is {PasswordHashing.MinimumLength} to {PasswordHashing.MaximumLength} characters long.");

    public static IRuleBuilderOptions<T, string?> ValidDisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxDisplayNameLength);
}
