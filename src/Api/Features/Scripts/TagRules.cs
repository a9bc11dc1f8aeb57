using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>The tag fields' rules, shared by create and update (and by a script's <c>tags</c>, <see cref="ScriptRules.ValidTagName"/>).</summary>
internal static class TagRules
{
    public static IRuleBuilderOptions<T, string?> ValidTagColor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^#[0-9a-fA-F]{6}$").WithMessage("is a colour like #1f6feb.");

    public static IRuleBuilderOptions<T, string?> ValidTagNameRule<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || ScriptRules.ValidTagName(n)).WithMessage($"is 1 to {ScriptRules.MaxTagNameLength} characters without control characters.");
}
