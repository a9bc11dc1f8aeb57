using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>Workspaces and their projects (contract §11): <c>/api/v1/workspaces</c>, local SQLite, not gated by the shared DB.</summary>
internal sealed class WorkspaceGroup : Group
{
    public const string Prefix = "workspaces";
    public const string Tag = "Workspaces";

    public WorkspaceGroup() => Configure(Prefix, ep => ep.Tags(Tag));
}
