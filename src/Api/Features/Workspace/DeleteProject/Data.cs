using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Workspace.DeleteProject;

internal static class Data
{
    const string DeleteSql = "DELETE FROM projects WHERE id = @ProjectId AND workspace_id = @WorkspaceId";

    /// <summary><c>false</c> when the workspace has no such project. The handler has checked that the caller owns the workspace.</summary>
    public static async Task<bool> DeleteAsync(DbConnection connection, DbTransaction tx, string workspaceId, string projectId, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { WorkspaceId = workspaceId, ProjectId = projectId }, tx, cancellationToken: ct)) > 0;
}
