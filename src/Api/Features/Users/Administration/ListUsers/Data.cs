using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ListUsers;

internal static class Data
{
    // search_text is lower(username, e-mail, display name) kept by the database (db/shared/V3): folding the case of
    // every row at query time made the search several times slower at 10,000 accounts (docs/benchmarks.md).
    const string Filter = """
        (@IsActive::boolean IS NULL OR u.is_active = @IsActive::boolean)
        AND (@Pattern::text IS NULL OR u.search_text LIKE lower(@Pattern::text) ESCAPE '\')
        """;

    // One round trip: the count, then the page. The page is cut first and only its rows get their roles and
    // permissions, by subquery (never a query per user). lower(username) is what ux_team_users_username indexes.
    const string ListSql = $"""
        SELECT count(*)::int FROM team_users u WHERE {Filter};

        SELECT {TeamAccounts.ViewColumns}
        FROM (SELECT u.id, u.username, u.email, u.display_name, u.is_active, u.version, u.created_at, u.updated_at
              FROM team_users u
              WHERE {Filter}
              ORDER BY lower(u.username)
              LIMIT @Limit OFFSET @Offset) u
        ORDER BY lower(u.username);
        """;

    public static async Task<(int Total, IReadOnlyList<Account> Items)> ListAsync(NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ListSql, new
        {
            req.IsActive,
            Pattern = LikePattern.Contains(req.Search),
            Limit = req.PageSize,
            Offset = req.Offset(),
        }, cancellationToken: ct));
        var total = await results.ReadSingleAsync<int>();
        var items = (await results.ReadAsync<Account>()).AsList();
        return (total, items);
    }
}
