using FluentValidation;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Rbac;

/// <summary>Input rules the role forms share; the same limits as the <c>roles</c> table's checks.</summary>
internal static class RoleRules
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 500;

    static readonly HashSet<string> Catalog = new(Permission.Catalog.Select(p => p.Key), StringComparer.Ordinal);

    public static IRuleBuilderOptions<T, string?> ValidRoleName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is not null && name.Trim().Length is >= 1 and <= MaxNameLength)
            .WithMessage($"name is 1 to {MaxNameLength} characters and not blank.");

    public static IRuleBuilderOptions<T, string?> ValidRoleDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(description => description is null || description.Trim().Length <= MaxDescriptionLength)
            .WithMessage($"description is at most {MaxDescriptionLength} characters.");

    /// <summary>A list (possibly empty) of catalog names, matched exactly; the message names every unknown one.</summary>
    public static IRuleBuilderOptionsConditions<T, string[]?> ValidPermissions<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Custom((permissions, ctx) =>
        {
            if (permissions is null)
            {
                ctx.AddFailure("permissions is a list of permission names (it may be empty).");
                return;
            }
            var unknown = permissions.Where(p => p is null || !Catalog.Contains(p)).Select(p => p is null ? "null" : $"'{p}'").Distinct().ToList();
            if (unknown.Count > 0)
                ctx.AddFailure($"Not in the permission catalog (GET /api/v1/rbac/permissions): {string.Join(", ", unknown)}.");
        });

    /// <summary>The set a role is given: duplicates dropped, sorted by name like <see cref="RoleView.Permissions"/>.</summary>
    public static string[] PermissionSet(IEnumerable<string> permissions) =>
        [.. permissions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Descriptions are stored trimmed; an absent or blank one is the empty string (the column is not null).</summary>
    public static string NormalizeDescription(string? description) => description?.Trim() ?? "";
}
