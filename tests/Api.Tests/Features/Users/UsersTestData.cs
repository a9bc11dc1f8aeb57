using System.Net;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

/// <summary>One API instance in team mode on a scratch database of its own, with the first admin signed in.</summary>
internal sealed class TeamUsers : IAsyncDisposable
{
    public const string Password = "member passphrase 1";

    TeamUsers(ScratchDatabase pg, ApiFactory api, HttpClient admin)
    {
        Pg = pg;
        Api = api;
        Admin = admin;
    }

    public ScratchDatabase Pg { get; }
    public ApiFactory Api { get; }

    /// <summary>Signed in as <see cref="TeamMode.AdminUsername"/>, who holds the built-in <c>admin</c> role.</summary>
    public HttpClient Admin { get; }

    public static async Task<TeamUsers> StartAsync()
    {
        var pg = await ScratchDatabase.CreateAsync();
        var api = new ApiFactory();
        await api.ConfigureAsync(pg.ConnectionString);
        return new TeamUsers(pg, api, await api.SignInTeamAsync());
    }

    public NpgsqlConnection Sql() => new(Pg.ConnectionString);

    public async Task<string> AdminIdAsync()
    {
        await using var sql = Sql();
        return await sql.ExecuteScalarAsync<string>("SELECT id::text FROM team_users WHERE username = 'admin'") ?? throw new InvalidOperationException("no admin");
    }

    /// <summary>Creates an account through the API (as the admin) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string username, params string[] roles)
    {
        var created = await (await Admin.PostJson("/api/v1/users", new { username, email = $"{username}@example.test", password = Password, roles }))
            .ShouldBe(HttpStatusCode.Created);
        return (string)created["user"]!["id"]!;
    }

    public Task<HttpClient> SignInAsync(string username) => Api.SignInTeamAsync(username, Password);

    /// <summary>A role outside the built-ins, straight into the database (the Rbac feature owns the endpoints for it).</summary>
    public async Task CreateRoleAsync(string name, params string[] permissions)
    {
        await using var sql = Sql();
        await sql.ExecuteAsync("""
            WITH role AS (INSERT INTO roles (id, name, created_at, updated_at) VALUES (gen_random_uuid(), @Name, now(), now()) RETURNING id)
            INSERT INTO role_permissions (role_id, permission) SELECT role.id, unnest(@Permissions) FROM role
            """, new { Name = name, Permissions = permissions });
    }

    /// <summary>A user manager that does not hold <c>rbac:manage</c>: it can deactivate admins, so the last-admin rule is reachable.</summary>
    public async Task<HttpClient> SignInUserManagerAsync(string username = "helpdesk")
    {
        await CreateRoleAsync("user-manager", "users:read", "users:manage");
        await CreateUserAsync(username, "user-manager");
        return await SignInAsync(username);
    }

    /// <summary>The <c>user.*</c> entries team accounts caused (the installation's <c>user.created</c> of the first admin is the local owner's).</summary>
    public async Task<IReadOnlyList<AuditRow>> UserAuditAsync()
    {
        await using var sql = Sql();
        return (await sql.QueryAsync<AuditRow>("""
            SELECT action AS Action, actor_username AS ActorUsername, resource_type AS ResourceType, resource_id AS ResourceId,
                   before::text AS Before, after::text AS After
            FROM audit_log WHERE action LIKE 'user.%' AND actor_realm = 'team' ORDER BY sequence
            """)).AsList();
    }

    /// <summary>Every before/after ever written, to look for secrets in.</summary>
    public async Task<string> AllAuditPayloadsAsync()
    {
        await using var sql = Sql();
        return await sql.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ''), '') FROM audit_log") ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Pg.DisposeAsync();
    }
}

internal sealed class AuditRow
{
    public string Action { get; set; } = "";
    public string? ActorUsername { get; set; }
    public string ResourceType { get; set; } = "";
    public string? ResourceId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

internal sealed class UserRow
{
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; }
    public int Version { get; set; }

    public static async Task<UserRow> ReadAsync(TeamUsers team, string id)
    {
        await using var sql = team.Sql();
        return await sql.QuerySingleAsync<UserRow>("""
            SELECT username AS Username, email AS Email, display_name AS DisplayName, password_hash AS PasswordHash,
                   is_active AS IsActive, version AS Version
            FROM team_users WHERE id = @Id::uuid
            """, new { Id = id });
    }
}
