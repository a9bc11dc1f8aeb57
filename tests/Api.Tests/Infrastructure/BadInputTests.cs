using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit.Abstractions;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Bad input gets a 4xx, never a 5xx: every endpoint the API registers, called by callers who pass the access checks
/// (the local owner and the team admin, in team mode against a real PostgreSQL), with malformed ids, query values and
/// bodies. The endpoints come from the routing table, so an endpoint added later is covered without touching this test.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    /// <summary>Rows that would end the caller's session or the team mode on a well-formed call.</summary>
    static readonly string[] Skipped = ["POST /api/v1/auth/logout", "POST /api/v1/installation/disable", "POST /api/v1/team-config/disable"];

    /// <summary>Path segments (a NUL in the path is refused by the in-memory test server itself; Kestrel answers it 400).</summary>
    static readonly string[] Ids =
    [
        "not-an-id", "00000000-0000-0000-0000-000000000000", "0", "-1", "%20", "..%2F..", "1e309",
        "00000000-0000-0000-0000-00000000000g", new string('a', 2000), "%E2%82", "null",
    ];

    static readonly string[] Queries =
    [
        "?page=abc&pageSize=-1",
        "?page=0&pageSize=0",
        "?page=2147483648&pageSize=99999999999",
        "?page=2147483647&pageSize=100",
        "?cursor=%21%21%21&actorId=x&from=yesterday&to=2026-13-45&isActive=maybe&format=xml",
        "?cursor=AAAAAAAAAAA&from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&format=csv",
        "?search=%00%25_%5C&resourceId=" + new string('x', 3000),
        "?page=1&page=2&pageSize=",
    ];

    static readonly string[] Bodies =
    [
        "null", "[]", "\"text\"", "42", "{}", "{\"a\":", "{\"a\":1}}", "\u00ff\u00fe",
        """{"name":123,"username":[],"email":{},"password":true,"displayName":7,"roles":"admin","permissions":7,"version":"v","isActive":"no","rootPath":null,"relativePath":[],"newPassword":1,"currentPassword":null,"refreshToken":5,"recoveryKey":[],"description":{},"realm":9,"host":[],"port":"x","database":1,"connectionString":2,"ssl":"yes","adminUser":"x"}""",
        """{"name":"","username":"","email":"","password":"","roles":[null],"permissions":[null,""],"version":0,"rootPath":"","relativePath":"","newPassword":"","host":"","port":0,"database":"","adminUser":{}}""",
        "{\"version\":1e400,\"port\":99999999999999999999,\"roles\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 500)) + "]}",
        new string('[', 5000) + new string(']', 5000),
    ];

    [Fact]
    public async Task No_endpoint_answers_bad_input_with_a_server_error()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.ConfigureAsync(pg.ConnectionString);
        using var admin = await api.SignInTeamAsync();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var sent = 0;

        foreach (var (row, access) in RegisteredEndpoints.Of(api).Where(r => !Skipped.Contains(r.Key)).OrderBy(r => r.Key))
        {
            // The team admin holds every team permission and installation:manage; the local owner is the local account.
            var callers = access.IsTeam ? new[] { admin } : access.LocalOwnerOnly ? [owner] : [owner, admin];
            var method = row[..row.IndexOf(' ', StringComparison.Ordinal)];
            var template = row[(method.Length + 1)..];
            var paths = template.Contains('{') ? Ids.Select(id => System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", id)).ToArray() : [template];
            foreach (var path in paths)
            {
                foreach (var client in callers)
                {
                    if (method is "POST" or "PUT" or "PATCH")
                    {
                        foreach (var body in Bodies)
                            await Check(client, method, path, body);
                    }
                    else
                    {
                        await Check(client, method, path, null);
                        foreach (var query in Queries)
                            await Check(client, method, path + query, null);
                    }
                }
            }
        }

        output.WriteLine($"{sent} requests: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
        // Every call passed the access checks, so the input reached validation and the handlers.
        Assert.Equal(0, statuses.GetValueOrDefault(401) + statuses.GetValueOrDefault(403));
        Assert.True(statuses.GetValueOrDefault(400) > sent / 3, "Most of this input should be refused as a validation error.");

        async Task Check(HttpClient client, string method, string url, string? body)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
                request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            if (method is "PATCH" or "DELETE")
                request.Headers.TryAddWithoutValidation("If-Match", "garbage, \"x");
            using var response = await client.SendAsync(request);
            sent++;
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500)
                failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} body {body?[..Math.Min(body.Length, 60)]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            else if (response.StatusCode == HttpStatusCode.BadRequest && !FirstFieldIsNamed(await response.Content.ReadAsStringAsync(), out var said))
                failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} body {body?[..Math.Min(body.Length, 60)]}: the 400's message does not name the first failing field: {said}");
        }
    }

    /// <summary>
    /// A 400 with field errors says in <c>message</c> (what clients show) and <c>detail</c> which field failed first:
    /// <c>field: reason</c>, then <c>(and N more)</c> when more failed (contract §14).
    /// </summary>
    static bool FirstFieldIsNamed(string body, out string said)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        said = (string?)problem["message"] ?? "";
        var errors = problem["errors"]?.AsArray() ?? [];
        if (errors.Count == 0)
            return said.Length > 0;
        var first = $"{(string?)errors[0]!["field"]}: ";
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return said.StartsWith(first, StringComparison.Ordinal) && said.Length > first.Length + more.Length
            && said.EndsWith(more, StringComparison.Ordinal) && said == (string?)problem["detail"];
    }
}
