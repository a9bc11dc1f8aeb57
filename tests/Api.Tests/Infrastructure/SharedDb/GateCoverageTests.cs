using System.Net;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.SharedDb;

/// <summary>
/// The gate on every team endpoint, read from the routing table so that a new endpoint is covered without being listed:
/// before configure each answers <c>503 NOT_CONFIGURED</c> (even without a token), while the configured server is stopped
/// each answers <c>503 SHARED_DB_UNAVAILABLE</c> (even with a valid session), and once it is back they serve again.
/// </summary>
public sealed class GateCoverageTests
{
    static readonly TimeSpan StateChange = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_team_endpoint_is_not_configured_before_configure_and_unavailable_while_the_server_is_stopped()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync("team");
        using var api = new ApiFactory();
        var rows = RegisteredEndpoints.Of(api).Where(e => e.Value.IsTeam).Select(e => e.Key).Order().ToList();
        Assert.Contains("GET /api/v1/scripts/{id}/activity", rows);
        Assert.Contains("POST /api/v1/scripts/import", rows);

        Assert.Empty(await AnswersOtherThanAsync(api.CreateClient(), rows, "NOT_CONFIGURED"));

        await api.ConfigureAsync(cluster.ConnectionString("team"));
        var admin = await api.SignInTeamAsync();
        await cluster.StopAsync();
        await api.WaitForStateAsync("unavailable", StateChange);
        Assert.Empty(await AnswersOtherThanAsync(admin, rows, "SHARED_DB_UNAVAILABLE"));

        await cluster.RestartAsync();
        await api.WaitForStateAsync("available", StateChange);
        await (await admin.GetAsync("/api/v1/scripts")).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The rows not answered <c>503</c> with <paramref name="code"/>, each with what it answered instead.</summary>
    static async Task<List<string>> AnswersOtherThanAsync(HttpClient client, IEnumerable<string> rows, string code)
    {
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            using var response = await RegisteredEndpoints.SendAsync(client, row);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || !body.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal))
                wrong.Add($"{row} → {(int)response.StatusCode} {body}");
        }
        return wrong;
    }
}
