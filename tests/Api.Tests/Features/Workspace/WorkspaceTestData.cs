using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Workspace;

/// <summary>Requests and database look-ups the workspace tests share.</summary>
internal static class WorkspaceTestData
{
    public const string Url = "/api/v1/workspaces";

    /// <summary>The paths that try to leave the workspace or name an absolute place instead of a relative one.</summary>
    public static readonly TheoryData<string> EscapingRelativePaths = new()
    {
        "../x", "a/../../b", "..\\x", "a/..", "/etc", "\\etc", "C:\\x", "c:relative", "\\\\server\\share", "a\0b", "a\tb", "...", "a/.. /b",
    };

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The instant a stored timestamp names; compared as instants, whatever text form the driver wrote.</summary>
    public static DateTimeOffset Instant(string stored) =>
        DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static async Task<JsonNode> CreateWorkspace(this HttpClient client, string rootPath, string name = "Workspace", string? description = null) =>
        (await (await client.PostJson(Url, new { name, rootPath, description })).ShouldBe(HttpStatusCode.Created))["workspace"]!;

    public static async Task<JsonNode> CreateProject(this HttpClient client, string workspaceId, string relativePath, string name = "Project", string? description = null) =>
        (await (await client.PostJson($"{Url}/{workspaceId}/projects", new { name, relativePath, description })).ShouldBe(HttpStatusCode.Created))["project"]!;

    public static string Id(this JsonNode node) => (string)node["id"]!;

    public static SqliteConnection OpenDb(this ApiFactory api) => new($"Data Source={api.DatabaseFile}");

    /// <summary>
    /// A workspace of some other account, written straight into the file: this build has only the local owner, so no
    /// second account can create one through the API.
    /// </summary>
    public static async Task<string> InsertForeignWorkspace(this ApiFactory api, string rootPath, string ownerRealm = "team", string ownerId = "another-account")
    {
        var id = Guid.CreateVersion7().ToString();
        await using var db = api.OpenDb();
        await db.ExecuteAsync("""
            INSERT INTO workspaces (id, owner_realm, owner_id, name, root_path, description, status, created_at, updated_at)
            VALUES (@Id, @OwnerRealm, @OwnerId, 'Theirs', @RootPath, 'not yours', 'active', '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z')
            """, new { Id = id, OwnerRealm = ownerRealm, OwnerId = ownerId, RootPath = rootPath });
        return id;
    }

    public static async Task<string> InsertProjectDirectly(this ApiFactory api, string workspaceId, string relativePath)
    {
        var id = Guid.CreateVersion7().ToString();
        await using var db = api.OpenDb();
        await db.ExecuteAsync("""
            INSERT INTO projects (id, workspace_id, name, relative_path, description, created_at, updated_at)
            VALUES (@Id, @WorkspaceId, 'Their project', @RelativePath, NULL, '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z')
            """, new { Id = id, WorkspaceId = workspaceId, RelativePath = relativePath });
        return id;
    }

    public static async Task<WorkspaceRow?> ReadWorkspace(this ApiFactory api, string id)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleOrDefaultAsync<WorkspaceRow>("""
            SELECT id AS Id, owner_realm AS OwnerRealm, owner_id AS OwnerId, name AS Name, root_path AS RootPath,
                   description AS Description, status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM workspaces WHERE id = @Id
            """, new { Id = id });
    }

    public static async Task<ProjectRow?> ReadProject(this ApiFactory api, string id)
    {
        await using var db = api.OpenDb();
        return await db.QuerySingleOrDefaultAsync<ProjectRow>("""
            SELECT id AS Id, workspace_id AS WorkspaceId, name AS Name, relative_path AS RelativePath,
                   description AS Description, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM projects WHERE id = @Id
            """, new { Id = id });
    }

    public static async Task<long> CountRows(this ApiFactory api, string table)
    {
        await using var db = api.OpenDb();
        return await db.ExecuteScalarAsync<long>(table switch
        {
            "workspaces" => "SELECT COUNT(*) FROM workspaces",
            "projects" => "SELECT COUNT(*) FROM projects",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        });
    }
}

internal sealed record WorkspaceRow
{
    public string Id { get; init; } = "";
    public string OwnerRealm { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public string Name { get; init; } = "";
    public string RootPath { get; init; } = "";
    public string? Description { get; init; }
    public string Status { get; init; } = "";
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";
}

internal sealed record ProjectRow
{
    public string Id { get; init; } = "";
    public string WorkspaceId { get; init; } = "";
    public string Name { get; init; } = "";
    public string RelativePath { get; init; } = "";
    public string? Description { get; init; }
    public string CreatedAt { get; init; } = "";
    public string UpdatedAt { get; init; } = "";
}
