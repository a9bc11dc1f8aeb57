using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

/// <summary>The list envelope of contract §2.</summary>
internal sealed record Response(IReadOnlyList<ProjectView> Items, PageMeta Meta)
{
    /// <summary>The same list as <see cref="Items"/>: the original web client's workspace screen reads <c>projects</c> (contract §14).</summary>
    public IReadOnlyList<ProjectView> Projects => Items;
}
