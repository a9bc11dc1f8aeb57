using System.Data.Common;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Workspace.ListProjects;

internal static class Data
{
    const string Filter = """
        p.workspace_id = @WorkspaceId
        AND (@Pattern IS NULL
             OR p.name LIKE @Pattern ESCAPE '\'
             OR p.relative_path LIKE @Pattern ESCAPE '\')
        """;

    const string CountSql = $"SELECT COUNT(*) FROM projects p WHERE {Filter}";

    const string PageSql = $"""
        SELECT {ProjectView.Columns}
        FROM projects p
        WHERE {Filter}
        ORDER BY {ProjectView.Order}
        LIMIT @Limit OFFSET @Offset
        """;

    /// <summary>The handler has checked that the caller owns the workspace.</summary>
    public static async Task<(int Total, IReadOnlyList<ProjectView> Items)> ListAsync(DbConnection connection, string workspaceId, Request req, CancellationToken ct)
    {
        var filter = new { WorkspaceId = workspaceId, Pattern = LikePattern.Contains(req.Search) };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, filter, cancellationToken: ct));
        var items = await connection.QueryAsync<ProjectView>(new CommandDefinition(PageSql, new
        {
            filter.WorkspaceId,
            filter.Pattern,
            Limit = req.PageSize,
            Offset = (long)(req.Page - 1) * req.PageSize,
        }, cancellationToken: ct));
        return (total, items.AsList());
    }
}
