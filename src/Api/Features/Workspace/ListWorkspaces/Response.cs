namespace WorkspaceOrganizer.Api.Features.Workspace.ListWorkspaces;

/// <summary>A workspace in the list: no projects, only how many it has.</summary>
internal sealed record WorkspaceSummary
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string RootPath { get; init; } = "";
    public string? Description { get; init; }
    public string Status { get; init; } = "";
    public int ProjectCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <inheritdoc cref="OriginalClient.TemplateCount"/>
    public int TemplateCount => OriginalClient.TemplateCount;

    /// <inheritdoc cref="OriginalClient.LastIndexedAt"/>
    public DateTimeOffset? LastIndexedAt => OriginalClient.LastIndexedAt;
}
