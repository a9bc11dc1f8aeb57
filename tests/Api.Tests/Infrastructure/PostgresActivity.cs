using System.Diagnostics;
using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>What the API's backends are doing, for fault tests that must strike at one precise moment.</summary>
public static class PostgresActivity
{
    /// <summary>A connection of the test's own, outside any pool, that gives up quickly when the server is gone.</summary>
    public static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;

    /// <summary>
    /// True once exactly one of the API's backends on <paramref name="database"/> waits for an advisory lock and matches
    /// <paramref name="condition"/> (SQL over <c>pg_stat_activity</c>); false when none did within <paramref name="within"/>.
    /// </summary>
    public static async Task<bool> WaitForLockWaiterAsync(string database, string condition, TimeSpan within)
    {
        var sql = $"""
            SELECT count(*)::int FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'WorkspaceOrganizer'
              AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND ({condition})
            """;
        await using var connection = new NpgsqlConnection(Unpooled(database));
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (await connection.ExecuteScalarAsync<int>(sql) == 1)
                return true;
            await Task.Delay(20);
        }
        return false;
    }
}
