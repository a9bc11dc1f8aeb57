using FluentValidation;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>The input rules every script write shares: create, update and each file of an import.</summary>
internal static class ScriptRules
{
    public const int MaxDescriptionLength = 2000;
    public const int MaxTagNameLength = 50;
    public const int MaxTagsPerScript = 50;

    public static readonly string NameRule = "1 to 255 characters, no path separators (/ or \\) and no control characters.";

    public static IRuleBuilderOptions<T, string?> ValidScriptName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("must not be empty.")
            .Must(n => n is null || ScriptNames.IsValidName(n.Trim())).WithMessage(NameRule);

    public static IRuleBuilderOptions<T, string?> ValidScriptDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxDescriptionLength).WithMessage($"is at most {MaxDescriptionLength} characters.")
            .Must(d => d is null || !d.Contains('\0')).WithMessage("must not contain NUL characters.");

    public static IRuleBuilderOptions<T, string?> ValidScriptType<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => t is null || ScriptTypes.IsKnown(t))
            .WithMessage($"is one of {string.Join(", ", ScriptTypes.All)}; omit it to detect the type.");

    public static IRuleBuilderOptions<T, string?> ValidScriptContent<T>(this IRuleBuilder<T, string?> rule, int maxBytes) =>
        rule.Must(c => c is null || !c.Contains('\0')).WithMessage("must not contain NUL characters (binary files are not scripts).")
            .Must(c => c is null || System.Text.Encoding.UTF8.GetByteCount(c) <= maxBytes).WithMessage($"is at most {maxBytes} bytes (Scripts:MaxScriptBytes).");

    public static IRuleBuilderOptions<T, string[]?> ValidTagNames<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(t => t is null || t.Length <= MaxTagsPerScript).WithMessage($"holds at most {MaxTagsPerScript} tags.")
            .Must(t => t is null || t.All(ValidTagName)).WithMessage($"each tag is 1 to {MaxTagNameLength} characters without control characters.");

    public static IRuleBuilderOptions<T, string[]?> ValidTagIds<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(t => t is null || t.Length <= MaxTagsPerScript).WithMessage($"holds at most {MaxTagsPerScript} tags.")
            .Must(t => t is null || t.All(id => Guid.TryParse(id, out _))).WithMessage("each tag id is a UUID.");

    public static bool ValidTagName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxTagNameLength && !name.Any(char.IsControl);
}
