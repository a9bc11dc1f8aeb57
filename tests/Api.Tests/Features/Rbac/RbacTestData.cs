using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

/// <summary>
/// One test's team: a scratch PostgreSQL database, an API instance configured on it, and a client signed in as its
/// first admin (who holds the built-in <c>admin</c> role).
/// </summary>
public sealed class TeamApi : IAsyncDisposable
{
    public const string MemberPassword = "team member passphrase";

    // One hash for every inserted member: 210,000 PBKDF2 iterations per user would only slow the tests down.
    static readonly Lazy<Task<string>> MemberPasswordHash = new(async () =>
    {
        using var hashing = new PasswordHashing();
        return await hashing.HashAsync(MemberPassword, CancellationToken.None);
    });

    TeamApi(ScratchDatabase pg, ApiFactory api, HttpClient admin)
    {
        Pg = pg;
        Api = api;
        Admin = admin;
    }

    public ScratchDatabase Pg { get; }
    public ApiFactory Api { get; }
    public HttpClient Admin { get; }
    public string ConnectionString => Pg.ConnectionString;

    public static async Task<TeamApi> StartAsync()
    {
        var pg = await ScratchDatabase.CreateAsync();
        var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        return new TeamApi(pg, api, await api.SignInTeamAsync());
    }

    /// <summary>A second instance on the same shared database, as another desktop or server joins the team.</summary>
    public async Task<ApiFactory> JoinAnotherInstanceAsync()
    {
        var other = new ApiFactory();
        var (owner, _) = await other.CreateOwner();
        await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(ConnectionString, withAdmin: false))).ShouldBe(System.Net.HttpStatusCode.OK);
        return other;
    }

    /// <summary>Inserts an active team account holding <paramref name="roles"/> (by name) and returns its id.</summary>
    public async Task<string> AddMemberAsync(string username, params string[] roles)
    {
        var id = Guid.CreateVersion7();
        await using var sql = await OpenAsync();
        await sql.ExecuteAsync("""
            INSERT INTO team_users (id, username, email, display_name, password_hash, created_at, updated_at)
            VALUES (@Id, @Username, @Email, @Username, @Hash, now(), now());
            INSERT INTO user_roles (user_id, role_id) SELECT @Id, r.id FROM roles r WHERE r.name = ANY(@Roles);
            """, new { Id = id, Username = username, Email = $"{username}@example.test", Hash = await MemberPasswordHash.Value, Roles = roles });
        return id.ToString();
    }

    /// <summary>A client signed in as an inserted member.</summary>
    public Task<HttpClient> SignInAsync(string username, ApiFactory? on = null) => (on ?? Api).SignInTeamAsync(username, MemberPassword);

    /// <summary>Creates a custom role through the API, as the admin, and returns its id.</summary>
    public async Task<string> CreateRoleAsync(string name, params string[] permissions)
    {
        var created = await (await Admin.PostJson("/api/v1/rbac/roles", new { name, permissions })).ShouldBe(System.Net.HttpStatusCode.Created);
        return (string)created["role"]!["id"]!;
    }

    public async Task<string> AdminIdAsync()
    {
        await using var sql = await OpenAsync();
        return await sql.ExecuteScalarAsync<string>("SELECT id::text FROM team_users WHERE username = @Name", new { Name = TeamMode.AdminUsername }) ?? "";
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The role as stored, or null.</summary>
    public async Task<StoredRole?> RoleAsync(string id)
    {
        await using var sql = await OpenAsync();
        return await sql.QuerySingleOrDefaultAsync<StoredRole>("""
            SELECT r.name AS Name, r.description AS Description, r.version AS Version,
                   ARRAY(SELECT p.permission FROM role_permissions p WHERE p.role_id = r.id ORDER BY p.permission) AS Permissions
            FROM roles r WHERE r.id = @Id::uuid
            """, new { Id = id });
    }

    public async Task<List<string>> RoleNamesOfAsync(string userId)
    {
        await using var sql = await OpenAsync();
        return [.. await sql.QueryAsync<string>(
            "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @Id::uuid ORDER BY r.name", new { Id = userId })];
    }

    /// <summary>The audit entries of one action, oldest first.</summary>
    public async Task<List<StoredAudit>> AuditAsync(string action)
    {
        await using var sql = await OpenAsync();
        var rows = await sql.QueryAsync<(string? ActorUsername, string? ActorRealm, string ResourceType, string? ResourceId, string? Before, string? After, string? RequestId)>("""
            SELECT actor_username, actor_realm, resource_type, resource_id, before::text, after::text, request_id
            FROM audit_log WHERE action = @Action ORDER BY sequence
            """, new { Action = action });
        return [.. rows.Select(r => new StoredAudit(r.ActorUsername, r.ActorRealm, r.ResourceType, r.ResourceId,
            r.Before is null ? null : JsonNode.Parse(r.Before), r.After is null ? null : JsonNode.Parse(r.After), r.RequestId))];
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Pg.DisposeAsync();
    }
}

public sealed class StoredRole
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public int Version { get; init; }
    public string[] Permissions { get; init; } = [];

    /// <summary>Everything stored, as one comparable line: <c>name | description | v1 | a:read,b:write</c>.</summary>
    public string Shape => $"{Name} | {Description} | v{Version} | {string.Join(",", Permissions)}";
}

public sealed record StoredAudit(string? ActorUsername, string? ActorRealm, string ResourceType, string? ResourceId, JsonNode? Before, JsonNode? After, string? RequestId);

public static class RbacHttp
{
    public static string[] Strings(this JsonNode? node) => [.. node!.AsArray().Select(n => (string)n!)];

    /// <summary>Sends <paramref name="body"/> (JSON, or none) with an <c>If-Match</c> header.</summary>
    public static Task<HttpResponseMessage> SendIfMatch(this HttpClient client, HttpMethod method, string url, string ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: Http.Json);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
