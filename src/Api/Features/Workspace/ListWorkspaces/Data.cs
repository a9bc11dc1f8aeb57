using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListWorkspaces;

internal static class Data
{
    const string Filter = """
        w.owner_realm = @OwnerRealm AND w.owner_id = @OwnerId
        AND (@Pattern IS NULL
             OR w.name LIKE @Pattern ESCAPE '\'
             OR w.root_path LIKE @Pattern ESCAPE '\'
             OR w.description LIKE @Pattern ESCAPE '\')
        """;

    const string CountSql = $"SELECT COUNT(*) FROM workspaces w WHERE {Filter}";

    // The page is cut first, then its project counts are joined in: one statement, however many workspaces.
    const string PageSql = $"""
        WITH page AS (
            SELECT w.id, w.name, w.root_path, w.description, w.status, w.created_at, w.updated_at
            FROM workspaces w
            WHERE {Filter}
            ORDER BY w.created_at DESC, w.id DESC
            LIMIT @Limit OFFSET @Offset)
        SELECT page.id AS {nameof(WorkspaceSummary.Id)}, page.name AS {nameof(WorkspaceSummary.Name)},
               page.root_path AS {nameof(WorkspaceSummary.RootPath)}, page.description AS {nameof(WorkspaceSummary.Description)},
               page.status AS {nameof(WorkspaceSummary.Status)}, COUNT(p.id) AS {nameof(WorkspaceSummary.ProjectCount)},
               page.created_at AS {nameof(WorkspaceSummary.CreatedAt)}, page.updated_at AS {nameof(WorkspaceSummary.UpdatedAt)}
        FROM page
        LEFT JOIN projects p ON p.workspace_id = page.id
        GROUP BY page.id, page.name, page.root_path, page.description, page.status, page.created_at, page.updated_at
        ORDER BY page.created_at DESC, page.id DESC
        """;

    public static async Task<(int Total, IReadOnlyList<WorkspaceSummary> Items)> ListAsync(DbConnection connection, Caller caller, Request req, CancellationToken ct)
    {
        var filter = new { OwnerRealm = caller.Realm, OwnerId = caller.UserId, Pattern = Search.ContainsPattern(req.Search) };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, filter, cancellationToken: ct));
        var items = await connection.QueryAsync<WorkspaceSummary>(new CommandDefinition(PageSql, new
        {
            filter.OwnerRealm,
            filter.OwnerId,
            filter.Pattern,
            Limit = req.PageSize,
            Offset = (long)(req.Page - 1) * req.PageSize,
        }, cancellationToken: ct));
        return (total, items.AsList());
    }
}
