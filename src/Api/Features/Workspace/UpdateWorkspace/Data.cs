using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Workspace.UpdateWorkspace;

internal static class Data
{
    // The handler has already checked ownership inside the same transaction.
    const string UpdateSql = """
        UPDATE workspaces
        SET name = @Name, root_path = @RootPath, description = @Description, status = @Status, updated_at = @UpdatedAt
        WHERE id = @Id
        """;

    /// <summary>Throws a unique violation when the caller already has another workspace at the new root path.</summary>
    public static Task UpdateAsync(DbConnection connection, DbTransaction tx, WorkspaceView workspace, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            workspace.Id,
            workspace.Name,
            workspace.RootPath,
            workspace.Description,
            workspace.Status,
            workspace.UpdatedAt,
        }, tx, cancellationToken: ct));
}
