using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.DeleteWorkspace;

internal static class Data
{
    // Its projects go with it through ON DELETE CASCADE (the connection turns foreign keys on).
    const string DeleteSql = "DELETE FROM workspaces WHERE id = @Id AND owner_realm = @OwnerRealm AND owner_id = @OwnerId";

    /// <summary><c>false</c> when the caller has no such workspace.</summary>
    public static async Task<bool> DeleteAsync(DbConnection connection, Caller caller, string id, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { Id = id, OwnerRealm = caller.Realm, OwnerId = caller.UserId }, cancellationToken: ct)) > 0;
}
