using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateProject;

internal static class Data
{
    const string InsertSql = """
        INSERT INTO projects (id, workspace_id, name, relative_path, description, created_at, updated_at)
        VALUES (@Id, @WorkspaceId, @Name, @RelativePath, @Description, @CreatedAt, @UpdatedAt)
        """;

    /// <summary>Throws a unique violation when the workspace already has a project at this path.</summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction tx, ProjectView project, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            project.Id,
            project.WorkspaceId,
            project.Name,
            project.RelativePath,
            project.Description,
            project.CreatedAt,
            project.UpdatedAt,
        }, tx, cancellationToken: ct));
}
