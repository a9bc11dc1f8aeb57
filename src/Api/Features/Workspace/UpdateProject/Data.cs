using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateProject;

internal static class Data
{
    const string FindSql = $"SELECT {ProjectView.Columns} FROM projects p WHERE p.id = @ProjectId AND p.workspace_id = @WorkspaceId";

    const string UpdateSql = """
        UPDATE projects
        SET name = @Name, relative_path = @RelativePath, description = @Description, updated_at = @UpdatedAt
        WHERE id = @Id AND workspace_id = @WorkspaceId
        """;

    /// <summary>The handler has checked that the caller owns the workspace, in the same transaction.</summary>
    public static Task<ProjectView?> FindAsync(DbConnection connection, DbTransaction tx, string workspaceId, string projectId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ProjectView>(new CommandDefinition(FindSql, new { WorkspaceId = workspaceId, ProjectId = projectId }, tx, cancellationToken: ct));

    /// <summary>Throws a unique violation when the workspace already has another project at the new path.</summary>
    public static Task UpdateAsync(DbConnection connection, DbTransaction tx, ProjectView project, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            project.Id,
            project.WorkspaceId,
            project.Name,
            project.RelativePath,
            project.Description,
            project.UpdatedAt,
        }, tx, cancellationToken: ct));
}
