using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListWorkspaces;

internal static class Data
{
    const string Owned = "w.owner_realm = @OwnerRealm AND w.owner_id = @OwnerId";

    const string OwnedAndMatching = $"""
        {Owned}
        AND (w.name LIKE @Pattern ESCAPE '\'
             OR w.root_path LIKE @Pattern ESCAPE '\'
             OR w.description LIKE @Pattern ESCAPE '\')
        """;

    /// <summary>
    /// Two sets of statements, with and without the search term, rather than one with <c>@Pattern IS NULL OR …</c>.
    /// Without a search the total is the owner's row in <c>workspace_counts</c> (kept by triggers, db/sqlite V2), so
    /// the list costs the same at any number of workspaces; a search counts its matches.
    /// </summary>
    const string AllCountSql =
        "SELECT COALESCE((SELECT workspaces FROM workspace_counts WHERE owner_realm = @OwnerRealm AND owner_id = @OwnerId), 0)";
    const string MatchingCountSql = $"SELECT COUNT(*) FROM workspaces w WHERE {OwnedAndMatching}";
    const string AllPageSql = $"{PageStart} {Owned} {PageEnd}";
    const string MatchingPageSql = $"{PageStart} {OwnedAndMatching} {PageEnd}";

    // The page is cut first, then its project counts are joined in: one statement, however many workspaces.
    const string PageStart = """
        WITH page AS (
            SELECT w.id, w.name, w.root_path, w.description, w.status, w.created_at, w.updated_at
            FROM workspaces w
            WHERE
        """;

    const string PageEnd = $"""
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
        var filter = new { OwnerRealm = caller.Realm, OwnerId = caller.UserId, Pattern = LikePattern.Contains(req.Search) };
        var searching = filter.Pattern is not null;
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(searching ? MatchingCountSql : AllCountSql, filter, cancellationToken: ct));
        var items = await connection.QueryAsync<WorkspaceSummary>(new CommandDefinition(searching ? MatchingPageSql : AllPageSql, new
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
