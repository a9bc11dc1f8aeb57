using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>
/// The queries several slices share: whether the caller owns a workspace, its full view, and the bump of its
/// <c>updated_at</c> when one of its projects changes. Every one filters by the owner, so another account's
/// workspace reads as absent.
/// </summary>
internal static class OwnedWorkspaces
{
    const string OwnerFilter = "w.owner_realm = @OwnerRealm AND w.owner_id = @OwnerId";

    const string ExistsSql = $"SELECT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = @Id AND {OwnerFilter})";

    const string TouchSql = "UPDATE workspaces SET updated_at = @Now WHERE id = @Id AND owner_realm = @OwnerRealm AND owner_id = @OwnerId";

    const string WorkspaceSql = $"""
        SELECT w.id AS {nameof(WorkspaceView.Id)}, w.name AS {nameof(WorkspaceView.Name)}, w.root_path AS {nameof(WorkspaceView.RootPath)},
               w.description AS {nameof(WorkspaceView.Description)}, w.status AS {nameof(WorkspaceView.Status)},
               w.created_at AS {nameof(WorkspaceView.CreatedAt)}, w.updated_at AS {nameof(WorkspaceView.UpdatedAt)}
        FROM workspaces w
        WHERE w.id = @Id AND {OwnerFilter}
        """;

    const string ProjectsSql = $"""
        SELECT {ProjectView.Columns}
        FROM projects p
        WHERE p.workspace_id = @Id
        ORDER BY {ProjectView.Order}
        """;

    public static Task<bool> ExistsAsync(DbConnection connection, Caller caller, string id, CancellationToken ct, DbTransaction? tx = null) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, Parameters(caller, id), tx, cancellationToken: ct));

    /// <summary>A change to a project is a change to its workspace.</summary>
    public static Task TouchAsync(DbConnection connection, DbTransaction tx, Caller caller, string id, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(TouchSql, new { Id = id, OwnerRealm = caller.Realm, OwnerId = caller.UserId, Now = now }, tx, cancellationToken: ct));

    /// <summary>The workspace with all of its projects, or <c>null</c> when the caller has no such workspace.</summary>
    public static async Task<WorkspaceView?> LoadAsync(DbConnection connection, Caller caller, string id, CancellationToken ct, DbTransaction? tx = null)
    {
        var workspace = await connection.QuerySingleOrDefaultAsync<WorkspaceView>(new CommandDefinition(WorkspaceSql, Parameters(caller, id), tx, cancellationToken: ct));
        if (workspace is null)
            return null;
        var projects = (await connection.QueryAsync<ProjectView>(new CommandDefinition(ProjectsSql, new { Id = id }, tx, cancellationToken: ct))).AsList();
        return workspace with { Projects = projects, ProjectCount = projects.Count };
    }

    static object Parameters(Caller caller, string id) => new { Id = id, OwnerRealm = caller.Realm, OwnerId = caller.UserId };
}
