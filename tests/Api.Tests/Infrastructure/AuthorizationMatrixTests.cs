using System.Net;
using System.Text;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using Xunit.Abstractions;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Who may call what, for every endpoint the API registers: one row per endpoint, one column per kind of caller. The
/// table is written out by hand — it is the specification, not a copy of the code's declarations — and the test fails
/// when an endpoint is registered that the table does not list, so every new endpoint must be placed in it.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output)
{
    enum O { Allowed, Unauthorized, Forbidden }

    const O Y = O.Allowed, U = O.Unauthorized, F = O.Forbidden;

    static readonly string[] Callers = ["anonymous", "owner", "admin", "editor", "viewer", "auditor", "custom"];

    /// <summary>Columns: anonymous, local owner, admin, editor, viewer, auditor, custom role (rbac:read + scripts:read). The expected
    /// outcome is 401, 403, or allowed (anything else: the call got past authentication and authorization).</summary>
    static readonly Dictionary<string, O[]> Matrix = new()
    {
        ["GET /api/health"] = [Y, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/setup/status"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/setup"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/setup/create-account"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/login"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/refresh"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/reset-password"] = [Y, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/auth/me"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/change-password"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/logout"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/auth/session-config"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/session-config"] = [U, Y, F, F, F, F, F],
        ["POST /api/v1/auth/heartbeat"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/auth/generate-recovery-key"] = [U, Y, F, F, F, F, F],
        ["GET /api/v1/workspaces"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/workspaces"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/workspaces/{id}"] = [U, Y, Y, Y, Y, Y, Y],
        ["PATCH /api/v1/workspaces/{id}"] = [U, Y, Y, Y, Y, Y, Y],
        ["DELETE /api/v1/workspaces/{id}"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/workspaces/{id}/projects"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/workspaces/{id}/projects"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/workspaces/{id}/projects/{projectId}"] = [U, Y, Y, Y, Y, Y, Y],
        ["PATCH /api/v1/workspaces/{id}/projects/{projectId}"] = [U, Y, Y, Y, Y, Y, Y],
        ["DELETE /api/v1/workspaces/{id}/projects/{projectId}"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/personal-projects"] = [U, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/personal-projects"] = [U, Y, Y, Y, Y, Y, Y],
        ["GET /api/v1/installation/status"] = [Y, Y, Y, Y, Y, Y, Y],
        ["POST /api/v1/installation/test-connection"] = [U, Y, Y, F, F, F, F],
        ["POST /api/v1/installation/configure"] = [U, Y, Y, F, F, F, F],
        ["POST /api/v1/installation/disable"] = [U, Y, Y, F, F, F, F],
        ["POST /api/v1/team-config/test"] = [U, Y, Y, F, F, F, F],
        ["POST /api/v1/team-config/configure"] = [U, Y, Y, F, F, F, F],
        ["POST /api/v1/team-config/disable"] = [U, Y, Y, F, F, F, F],
        ["GET /api/v1/rbac/permissions"] = [U, F, Y, F, F, Y, Y],
        ["GET /api/v1/rbac/roles"] = [U, F, Y, F, F, Y, Y],
        ["GET /api/v1/rbac/roles/{id}"] = [U, F, Y, F, F, Y, Y],
        ["POST /api/v1/rbac/roles"] = [U, F, Y, F, F, F, F],
        ["PATCH /api/v1/rbac/roles/{id}"] = [U, F, Y, F, F, F, F],
        ["DELETE /api/v1/rbac/roles/{id}"] = [U, F, Y, F, F, F, F],
        ["PUT /api/v1/rbac/users/{userId}/roles"] = [U, F, Y, F, F, F, F],
        ["GET /api/v1/users"] = [U, F, Y, Y, F, Y, F],
        ["GET /api/v1/users/{id}"] = [U, F, Y, Y, F, Y, F],
        ["POST /api/v1/users"] = [U, F, Y, F, F, F, F],
        ["PATCH /api/v1/users/{id}"] = [U, F, Y, F, F, F, F],
        ["DELETE /api/v1/users/{id}"] = [U, F, Y, F, F, F, F],
        ["POST /api/v1/users/{id}/reset-password"] = [U, F, Y, F, F, F, F],
        ["GET /api/v1/audit"] = [U, F, Y, F, F, Y, F],
        ["GET /api/v1/audit/{id}"] = [U, F, Y, F, F, Y, F],
        ["GET /api/v1/audit/verify"] = [U, F, Y, F, F, Y, F],
        ["GET /api/v1/audit/export"] = [U, F, Y, F, F, Y, F],
        ["GET /api/v1/scripts"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/{id}"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/{id}/content"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/{id}/dependencies"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/{id}/activity"] = [U, F, Y, Y, Y, Y, Y],
        ["POST /api/v1/controlm-jobs/import"] = [U, F, Y, Y, F, F, F],
        ["GET /api/v1/controlm-jobs"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/export"] = [U, F, Y, Y, Y, Y, F],
        ["POST /api/v1/controlm-jobs"] = [U, F, Y, Y, F, F, F],
        ["GET /api/v1/controlm-jobs/{id}"] = [U, F, Y, Y, Y, Y, F],
        ["PATCH /api/v1/controlm-jobs/{id}"] = [U, F, Y, Y, F, F, F],
        ["DELETE /api/v1/controlm-jobs/{id}"] = [U, F, Y, F, F, F, F],
        ["DELETE /api/v1/controlm-jobs"] = [U, F, Y, F, F, F, F],
        ["GET /api/v1/controlm-jobs/{id}/dependencies"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/{id}/script-suggestions"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/linking-status"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/stats"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/filters"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/graph"] = [U, F, Y, Y, Y, Y, F],
        ["GET /api/v1/controlm-jobs/conditions"] = [U, F, Y, Y, Y, Y, F],
        ["POST /api/v1/controlm-jobs/auto-link"] = [U, F, Y, Y, F, F, F],
        ["POST /api/v1/controlm-jobs/{id}/link-script"] = [U, F, Y, Y, F, F, F],
        ["DELETE /api/v1/controlm-jobs/{id}/link-script"] = [U, F, Y, Y, F, F, F],
        ["GET /api/v1/impact"] = [U, F, Y, Y, Y, Y, F],
        ["POST /api/v1/scripts"] = [U, F, Y, Y, F, F, F],
        ["PATCH /api/v1/scripts/{id}"] = [U, F, Y, Y, F, F, F],
        ["POST /api/v1/scripts/import"] = [U, F, Y, Y, F, F, F],
        ["DELETE /api/v1/scripts/{id}"] = [U, F, Y, Y, F, F, F],
        ["GET /api/v1/scripts/stats"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/tags"] = [U, F, Y, Y, Y, Y, Y],
        ["POST /api/v1/scripts/tags"] = [U, F, Y, Y, F, F, F],
        ["PATCH /api/v1/scripts/tags/{id}"] = [U, F, Y, Y, F, F, F],
        ["DELETE /api/v1/scripts/tags/{id}"] = [U, F, Y, Y, F, F, F],
        ["GET /api/v1/scripts/drives"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/drives/analysis"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/drives/conflicts"] = [U, F, Y, Y, Y, Y, Y],
        ["GET /api/v1/scripts/shares"] = [U, F, Y, Y, Y, Y, Y],
    };

    /// <summary>Rows whose allowed call changes the caller's own state; they run last, each on a fresh session.</summary>
    static readonly string[] RunLast = ["POST /api/v1/auth/logout", "POST /api/v1/installation/disable", "POST /api/v1/team-config/disable"];

    [Fact]
    public void Every_registered_endpoint_is_in_the_matrix_and_every_row_is_registered()
    {
        using var api = new ApiFactory();
        var registered = Registered(api);
        Assert.Empty(registered.Except(Matrix.Keys));
        Assert.Empty(Matrix.Keys.Except(registered));
    }

    [Fact]
    public async Task Every_caller_gets_the_answer_the_matrix_names()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.ConfigureAsync(pg.ConnectionString);
        await CreateTeamUsersAsync(pg.ConnectionString);
        var failures = new List<string>();
        var sessions = new Dictionary<string, HttpClient>();
        foreach (var caller in Callers)
            sessions[caller] = await ClientFor(api, caller);

        foreach (var row in Matrix.Keys.Except(RunLast).Concat(RunLast))
        {
            for (var c = 0; c < Callers.Length; c++)
            {
                var client = RunLast.Contains(row) ? await ClientFor(api, Callers[c]) : sessions[Callers[c]];
                var status = (await RegisteredEndpoints.SendAsync(client, row)).StatusCode;
                var outcome = status switch { HttpStatusCode.Unauthorized => U, HttpStatusCode.Forbidden => F, _ => Y };
                output.WriteLine($"{row,-55} {Callers[c],-9} {(int)status}");
                if (outcome != Matrix[row][c])
                    failures.Add($"{row} as {Callers[c]}: expected {Matrix[row][c]}, got {(int)status}");
                if (row is "POST /api/v1/installation/disable" or "POST /api/v1/team-config/disable" && status == HttpStatusCode.OK)
                    await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString, withAdmin: false))).ShouldBe(HttpStatusCode.OK);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// docs/security.md carries this matrix, with each endpoint's declared access, between two markers: the doc is
    /// the matrix, not a description of it that can drift. On a change, the failure message holds the new table.
    /// </summary>
    [Fact]
    public void The_access_table_in_the_security_doc_is_this_matrix()
    {
        using var api = new ApiFactory();
        var declared = RegisteredEndpoints.Of(api);
        var table = new StringBuilder()
            .Append("| endpoint | declared access | ").AppendJoin(" | ", Callers).Append(" |\n")
            .Append("|---|---|").AppendJoin("", Callers.Select(_ => "---|")).Append('\n');
        foreach (var (row, outcomes) in Matrix)
            table.Append($"| `{row}` | {declared[row].Description} | ")
                .AppendJoin(" | ", outcomes.Select(o => o switch { O.Allowed => "yes", O.Unauthorized => "401", _ => "403" }))
                .Append(" |\n");

        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "security.md")).ReplaceLineEndings("\n");
        const string Begin = "<!-- access-matrix:begin (written by AuthorizationMatrixTests; edit the test, not this table) -->\n";
        const string End = "<!-- access-matrix:end -->";
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/security.md lacks the markers; put this between them:\n{Begin}{table}{End}");
        Assert.True(doc[(start + Begin.Length)..end] == table.ToString(), $"docs/security.md's access table is out of date; replace it with:\n{table}");
    }

    static HashSet<string> Registered(ApiFactory api) => [.. RegisteredEndpoints.Of(api).Keys];

    /// <summary>A new session; the rows that end a session (logout, disable) get one each so nothing leaks into the next row.</summary>
    static async Task<HttpClient> ClientFor(ApiFactory api, string caller) => caller switch
    {
        "anonymous" => api.CreateClient(),
        "owner" => await SignInAsync(api, "owner", Http.OwnerPassword, "local"),
        "admin" => await api.SignInTeamAsync(),
        _ => await SignInAsync(api, caller, TeamPassword, "team"),
    };

    const string TeamPassword = "team member passphrase";

    static async Task<HttpClient> SignInAsync(ApiFactory api, string username, string password, string realm)
    {
        var client = api.CreateClient();
        var login = await (await client.PostJson("/api/v1/auth/login", new { username, password, realm })).ShouldBe(HttpStatusCode.OK);
        return client.WithToken((string)login["accessToken"]!);
    }

    /// <summary>One team account per built-in role, and one with a custom role of rbac:read + scripts:read.</summary>
    static async Task CreateTeamUsersAsync(string connectionString)
    {
        using var hashing = new PasswordHashing();
        var hash = await hashing.HashAsync(TeamPassword, CancellationToken.None);
        await using var sql = new NpgsqlConnection(connectionString);
        await sql.ExecuteAsync("""
            INSERT INTO roles (id, name, description, created_at, updated_at) VALUES (gen_random_uuid(), 'custom', 'matrix', now(), now());
            INSERT INTO role_permissions (role_id, permission) SELECT id, p FROM roles, unnest(ARRAY['rbac:read', 'scripts:read']) p WHERE name = 'custom';
            INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
            SELECT gen_random_uuid(), r, r || '@example.test', r, @Hash, now(), now() FROM unnest(ARRAY['editor', 'viewer', 'auditor', 'custom']) r;
            INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id FROM team_users u JOIN roles r ON r.name = u.username WHERE u.username <> 'admin';
            """, new { Hash = hash });
    }
}
