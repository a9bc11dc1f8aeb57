using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

internal static class Data
{
    const string Matches = """
        (@Pattern IS NULL OR p.name LIKE @Pattern ESCAPE '\' OR p.relative_path LIKE @Pattern ESCAPE '\')
        AND @ActiveAsked
        """;

    const string InWorkspace = $"p.workspace_id = @WorkspaceId AND {Matches}";

    // The original client's app-wide list (personal-projects without workspaceId): every workspace the caller owns.
    const string InOwnersWorkspaces = $"""
        p.workspace_id IN (SELECT w.id FROM workspaces w WHERE w.owner_realm = @OwnerRealm AND w.owner_id = @OwnerId) AND {Matches}
        """;

    static string CountSql(string filter) => $"SELECT COUNT(*) FROM projects p WHERE {filter}";

    static string PageSql(string filter) => $"""
        SELECT {ProjectView.Columns}
        FROM projects p
        WHERE {filter}
        ORDER BY p.workspace_id, {ProjectView.Order}
        LIMIT @Limit OFFSET @Offset
        """;

    static readonly string WorkspaceCount = CountSql(InWorkspace), WorkspacePage = PageSql(InWorkspace);
    static readonly string OwnerCount = CountSql(InOwnersWorkspaces), OwnerPage = PageSql(InOwnersWorkspaces);

    /// <summary>
    /// One workspace's projects (the handler has checked that the caller owns it), or with <paramref name="workspaceId"/>
    /// null those of every workspace <paramref name="caller"/> owns.
    /// </summary>
    public static async Task<(int Total, IReadOnlyList<ProjectView> Items)> ListAsync(
        DbConnection connection, Caller caller, string? workspaceId, Request req, CancellationToken ct)
    {
        var parameters = new
        {
            WorkspaceId = workspaceId,
            OwnerRealm = caller.Realm,
            OwnerId = caller.UserId,
            Pattern = LikePattern.Contains(req.Search),
            ActiveAsked = req.AsksForActive(),
            Limit = req.PageSize,
            Offset = (long)(req.Page - 1) * req.PageSize,
        };
        var (countSql, pageSql) = workspaceId is null ? (OwnerCount, OwnerPage) : (WorkspaceCount, WorkspacePage);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(countSql, parameters, cancellationToken: ct));
        var items = await connection.QueryAsync<ProjectView>(new CommandDefinition(pageSql, parameters, cancellationToken: ct));
        return (total, items.AsList());
    }
}
