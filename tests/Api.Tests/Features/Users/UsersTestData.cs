using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Users;

/// <summary>What the Users tests ask of a <see cref="TeamInstance"/> beyond what every team test needs.</summary>
internal static class UsersTestData
{
    /// <summary>Creates an account through the API (as the admin) and returns its id.</summary>
    public static async Task<string> CreateUserAsync(this TeamInstance team, string username, params string[] roles)
    {
        var created = await (await team.Admin.PostJson("/api/v1/users", new { username, email = $"{username}@example.test", password = TeamInstance.MemberPassword, roles }))
            .ShouldBe(HttpStatusCode.Created);
        return (string)created["user"]!["id"]!;
    }

    /// <summary>A user manager that does not hold <c>rbac:manage</c>: it can deactivate admins, so the last-admin rule is reachable.</summary>
    public static async Task<HttpClient> SignInUserManagerAsync(this TeamInstance team, string username = "helpdesk")
    {
        await team.InsertRoleAsync("user-manager", "users:read", "users:manage");
        await team.CreateUserAsync(username, "user-manager");
        return await team.SignInAsync(username);
    }

    /// <summary>The <c>user.*</c> entries team accounts caused (the installation's <c>user.created</c> of the first admin is the local owner's).</summary>
    public static async Task<IReadOnlyList<AuditRow>> UserAuditAsync(this TeamInstance team)
    {
        await using var sql = await team.OpenAsync();
        return (await sql.QueryAsync<AuditRow>("""
            SELECT action AS Action, actor_username AS ActorUsername, resource_type AS ResourceType, resource_id AS ResourceId,
                   before::text AS Before, after::text AS After
            FROM audit_log WHERE action LIKE 'user.%' AND actor_realm = 'team' ORDER BY sequence
            """)).AsList();
    }

    /// <summary>Every before/after ever written, to look for secrets in.</summary>
    public static async Task<string> AllAuditPayloadsAsync(this TeamInstance team)
    {
        await using var sql = await team.OpenAsync();
        return await sql.ExecuteScalarAsync<string>("SELECT coalesce(string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ''), '') FROM audit_log") ?? "";
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

    public static async Task<UserRow> ReadAsync(TeamInstance team, string id)
    {
        await using var sql = await team.OpenAsync();
        return await sql.QuerySingleAsync<UserRow>("""
            SELECT username AS Username, email AS Email, display_name AS DisplayName, password_hash AS PasswordHash,
                   is_active AS IsActive, version AS Version
            FROM team_users WHERE id = @Id::uuid
            """, new { Id = id });
    }
}
