namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>The <c>workspace</c> object of contract §11: the workspace with all of its projects.</summary>
internal sealed record WorkspaceView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string RootPath { get; init; } = "";
    public string? Description { get; init; }
    public string Status { get; init; } = WorkspaceStatus.Active;
    public int ProjectCount { get; init; }
    public IReadOnlyList<ProjectView> Projects { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The <c>project</c> object of contract §11.</summary>
internal sealed record ProjectView
{
    /// <summary>The select list of a project row aliased <c>p</c>, named after this type's properties.</summary>
    internal const string Columns = $"""
        p.id AS {nameof(Id)}, p.workspace_id AS {nameof(WorkspaceId)}, p.name AS {nameof(Name)},
        p.relative_path AS {nameof(RelativePath)}, p.description AS {nameof(Description)},
        p.created_at AS {nameof(CreatedAt)}, p.updated_at AS {nameof(UpdatedAt)}
        """;

    /// <summary>Projects are listed in path order, letters compared case-insensitively first so that the order reads like a folder tree.</summary>
    internal const string Order = "p.relative_path COLLATE NOCASE, p.relative_path";

    public string Id { get; init; } = "";
    public string WorkspaceId { get; init; } = "";
    public string Name { get; init; } = "";
    public string RelativePath { get; init; } = "";
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

internal static class WorkspaceStatus
{
    public const string Active = "active";
    public const string Archived = "archived";
}
