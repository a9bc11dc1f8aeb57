using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>Puts an API instance into team mode against a real PostgreSQL database, the way an admin does it.</summary>
public static class TeamMode
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin passphrase 1";

    /// <summary>The connection body of <c>/installation/configure</c> for a database.</summary>
    public static object Connection(string connectionString, bool withAdmin = true)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        return withAdmin
            ? new { connectionString = cs.ConnectionString, adminUser = new { username = AdminUsername, email = "admin@example.test", password = AdminPassword } }
            : new { connectionString = cs.ConnectionString };
    }

    /// <summary>Creates the local owner, configures the shared database (creating the first team admin when it has none) and returns the owner's client.</summary>
    public static async Task<(HttpClient Owner, JsonNode Configured)> ConfigureAsync(this ApiFactory api, string connectionString)
    {
        var (owner, _) = await api.CreateOwner();
        var configured = await (await owner.PostJson("/api/v1/installation/configure", Connection(connectionString))).ShouldBe(HttpStatusCode.OK);
        return (owner, configured);
    }

    /// <summary>
    /// A client signed in as a team account. This is set-up, not a behaviour under test: when the whole suite loads the two
    /// cores, a probe or a login can miss its 1–2 s timeout and the instance answers 503 until the monitor sees the server
    /// again (a CI run failed on exactly that). Then it waits for <c>available</c> and signs in once more, as a client would.
    /// </summary>
    public static async Task<HttpClient> SignInTeamAsync(this ApiFactory api, string username = AdminUsername, string password = AdminPassword)
    {
        var client = api.CreateClient();
        var body = new { username, password, realm = "team" };
        var answer = await client.PostJson("/api/v1/auth/login", body);
        if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await api.WaitForStateAsync("available", TimeSpan.FromSeconds(30));
            answer = await client.PostJson("/api/v1/auth/login", body);
        }
        var login = await answer.ShouldBe(HttpStatusCode.OK);
        return client.WithToken((string)login["accessToken"]!);
    }

    /// <summary>Waits (bounded) until the instance reports the state; returns how long it took.</summary>
    public static async Task<TimeSpan> WaitForStateAsync(this ApiFactory api, string state, TimeSpan within)
    {
        var client = api.CreateClient();
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < within)
        {
            var status = await (await client.GetAsync("/api/v1/installation/status")).ReadJson();
            if ((string?)status["sharedDb"]!["state"] == state)
                return started.Elapsed;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The shared DB did not become '{state}' within {within.TotalSeconds} s.");
    }
}
