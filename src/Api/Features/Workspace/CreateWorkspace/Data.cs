using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.CreateWorkspace;

internal static class Data
{
    const string InsertSql = """
        INSERT INTO workspaces (id, owner_realm, owner_id, name, root_path, description, status, created_at, updated_at)
        VALUES (@Id, @OwnerRealm, @OwnerId, @Name, @RootPath, @Description, @Status, @CreatedAt, @UpdatedAt)
        """;

    /// <summary>Throws a unique violation when the caller already has a workspace at this root path.</summary>
    public static Task InsertAsync(DbConnection connection, Caller caller, WorkspaceView workspace, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            workspace.Id,
            OwnerRealm = caller.Realm,
            OwnerId = caller.UserId,
            workspace.Name,
            workspace.RootPath,
            workspace.Description,
            workspace.Status,
            workspace.CreatedAt,
            workspace.UpdatedAt,
        }, cancellationToken: ct));
}
