using System.Net;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_is_ok_in_solo_mode_and_reports_the_shared_db_as_not_configured()
    {
        using var api = new ApiFactory();
        var health = await (await api.CreateClient().GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal("ok", (string?)health["dependencies"]!["localDb"]);
        Assert.Equal("not_configured", (string?)health["dependencies"]!["sharedDb"]);
        Assert.EndsWith("Z", (string?)health["timestamp"]);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_once_the_local_database_is_migrated()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        await (await client.GetAsync("/health/live")).ShouldBe(HttpStatusCode.OK);
        await (await client.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_is_503_when_the_local_database_fails()
    {
        using var api = new ApiFactory();
        var client = api.CreateClient();
        await (await client.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={api.DatabaseFile}"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "ALTER TABLE schema_changelog RENAME TO changelog_gone";
            await cmd.ExecuteNonQueryAsync();
        }

        var health = await (await client.GetAsync("/api/health")).ShouldBe(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unavailable", (string?)health["dependencies"]!["localDb"]);
        await (await client.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.ServiceUnavailable);
    }
}
