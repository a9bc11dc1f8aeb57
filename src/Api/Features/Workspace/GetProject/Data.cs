using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Workspace.GetProject;

internal static class Data
{
    const string FindSql = $"SELECT {ProjectView.Columns} FROM projects p WHERE p.id = @ProjectId AND p.workspace_id = @WorkspaceId";

    /// <summary>The handler has checked that the caller owns the workspace.</summary>
    public static Task<ProjectView?> FindAsync(DbConnection connection, string workspaceId, string projectId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ProjectView>(new CommandDefinition(FindSql, new { WorkspaceId = workspaceId, ProjectId = projectId }, cancellationToken: ct));
}
