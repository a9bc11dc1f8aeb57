using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Rbac;

/// <summary>What the Rbac tests ask of a <see cref="TeamInstance"/> beyond what every team test needs.</summary>
public static class RbacTestData
{
    /// <summary>Creates a custom role through the API, as the admin, and returns its id.</summary>
    public static async Task<string> CreateRoleAsync(this TeamInstance team, string name, params string[] permissions)
    {
        var created = await (await team.Admin.PostJson("/api/v1/rbac/roles", new { name, permissions })).ShouldBe(System.Net.HttpStatusCode.Created);
        return (string)created["role"]!["id"]!;
    }

    /// <summary>The role as stored, or null.</summary>
    public static async Task<StoredRole?> RoleAsync(this TeamInstance team, string id)
    {
        await using var sql = await team.OpenAsync();
        return await sql.QuerySingleOrDefaultAsync<StoredRole>("""
            SELECT r.name AS Name, r.description AS Description, r.version AS Version,
                   ARRAY(SELECT p.permission FROM role_permissions p WHERE p.role_id = r.id ORDER BY p.permission) AS Permissions
            FROM roles r WHERE r.id = @Id::uuid
            """, new { Id = id });
    }

    public static async Task<List<string>> RoleNamesOfAsync(this TeamInstance team, string userId)
    {
        await using var sql = await team.OpenAsync();
        return [.. await sql.QueryAsync<string>(
            "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = @Id::uuid ORDER BY r.name", new { Id = userId })];
    }

    /// <summary>The audit entries of one action, oldest first.</summary>
    public static async Task<List<StoredAudit>> AuditAsync(this TeamInstance team, string action)
    {
        await using var sql = await team.OpenAsync();
        var rows = await sql.QueryAsync<(string? ActorUsername, string? ActorRealm, string ResourceType, string? ResourceId, string? Before, string? After, string? RequestId)>("""
            SELECT actor_username, actor_realm, resource_type, resource_id, before::text, after::text, request_id
            FROM audit_log WHERE action = @Action ORDER BY sequence
            """, new { Action = action });
        return [.. rows.Select(r => new StoredAudit(r.ActorUsername, r.ActorRealm, r.ResourceType, r.ResourceId,
            r.Before is null ? null : JsonNode.Parse(r.Before), r.After is null ? null : JsonNode.Parse(r.After), r.RequestId))];
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
