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

    /// <inheritdoc cref="OriginalClient.TemplateCount"/>
    public int TemplateCount => OriginalClient.TemplateCount;

    /// <inheritdoc cref="OriginalClient.LastIndexedAt"/>
    public DateTimeOffset? LastIndexedAt => OriginalClient.LastIndexedAt;
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

    /// <summary>The original web client's name for <see cref="Name"/> (its Projects screens show <c>title</c>; contract §14).</summary>
    public string Title => Name;

    /// <summary>The original web client's name for <see cref="RelativePath"/> (its project form's "Project Folder").</summary>
    public string FolderPath => RelativePath;

    /// <summary>
    /// Always <c>active</c>: a project here has no status, but the original web client looks each project's status up
    /// in its own table and fails to render the row without one of its values.
    /// </summary>
    public string Status => "active";

    /// <summary>Always empty: projects have no tags here; the original web client counts and lists <c>tags</c> and needs the array.</summary>
    public IReadOnlyList<string> Tags => [];
}

/// <summary>
/// Members the original web client reads on every workspace (contract §14) that have no meaning here; fixed values, so
/// the summary and the detail cannot disagree.
/// </summary>
internal static class OriginalClient
{
    /// <summary>Always 0: templates are not kept by this API (out of scope).</summary>
    public const int TemplateCount = 0;

    /// <summary>
    /// Always <c>null</c>: nothing indexes workspaces. Written as <c>null</c>, never left out: the client passes it to
    /// <c>new Date(…)</c>, which reads <c>null</c> as a valid date but a missing member as "Invalid Date".
    /// </summary>
    public static readonly DateTimeOffset? LastIndexedAt = null;
}

internal static class WorkspaceStatus
{
    public const string Active = "active";
    public const string Archived = "archived";
}
