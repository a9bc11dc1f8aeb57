using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>Input rules the workspace and project forms share.</summary>
internal static class WorkspaceRules
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxSearchLength = WorkspacePaths.MaxLength;

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is not null && name.Trim().Length is >= 1 and <= MaxNameLength)
            .WithMessage($"name is 1 to {MaxNameLength} characters and not blank.");

    public static IRuleBuilderOptions<T, string?> ValidDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(description => description is null || description.Trim().Length <= MaxDescriptionLength)
            .WithMessage($"description is at most {MaxDescriptionLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(status => status is WorkspaceStatus.Active or WorkspaceStatus.Archived)
            .WithMessage($"status is '{WorkspaceStatus.Active}' or '{WorkspaceStatus.Archived}'.");

    public static IRuleBuilderOptions<T, string?> ValidSearch<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxSearchLength).WithMessage($"search is at most {MaxSearchLength} characters.");

    public static IRuleBuilderOptionsConditions<T, string?> ValidRootPath<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((path, ctx) =>
        {
            if (WorkspacePaths.RootPathProblem(path) is { } problem)
                ctx.AddFailure(problem);
        });

    public static IRuleBuilderOptionsConditions<T, string?> ValidRelativePath<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((path, ctx) =>
        {
            if (WorkspacePaths.RelativePathProblem(path) is { } problem)
                ctx.AddFailure(problem);
        });

    /// <summary>Names and descriptions are stored trimmed; a blank description is no description.</summary>
    public static string? NormalizeDescription(string? description) =>
        string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
