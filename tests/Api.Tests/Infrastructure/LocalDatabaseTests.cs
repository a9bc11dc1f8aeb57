using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Tests.Features.Workspace;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class LocalDatabaseTests
{
    [Fact]
    public async Task A_restart_on_the_same_data_folder_keeps_the_owner_and_its_sessions()
    {
        string dataDirectory;
        string refreshToken;
        using (var first = new ApiFactory())
        {
            var (_, setup) = await first.CreateOwner("alice");
            refreshToken = (string)setup["refreshToken"]!;
            dataDirectory = first.DataDirectory;
            using var second = new ApiFactory(dataDirectory: dataDirectory);

            await (await second.CreateClient().PostJson("/api/v1/auth/login", new { username = "alice", password = Http.OwnerPassword })).ShouldBe(HttpStatusCode.OK);
            await (await second.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken })).ShouldBe(HttpStatusCode.OK);
            Assert.False((bool)(await (await second.CreateClient().GetAsync("/api/v1/setup/status")).ReadJson())["needsSetup"]!);
        }
    }

    [Fact]
    public async Task Migrations_applied_to_an_existing_database_are_a_no_op()
    {
        using var first = new ApiFactory();
        await first.CreateOwner("alice");
        await using var db = new SqliteConnection($"Data Source={first.DatabaseFile}");
        var before = (await db.QueryAsync<string>("SELECT version || ':' || checksum FROM schema_changelog ORDER BY id")).ToList();

        using var second = new ApiFactory(dataDirectory: first.DataDirectory);
        await (await second.CreateClient().GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);

        var after = (await db.QueryAsync<string>("SELECT version || ':' || checksum FROM schema_changelog ORDER BY id")).ToList();
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM local_users"));
    }

    [Fact]
    public async Task The_workspace_counts_migration_counts_the_workspaces_already_there()
    {
        using var first = new ApiFactory();
        var (client, setup) = await first.CreateOwner("alice");
        await client.CreateWorkspace("/srv/a");
        await client.CreateWorkspace("/srv/b");
        await first.InsertForeignWorkspace("/srv/theirs", "team", "someone");
        await using (var db = new SqliteConnection($"Data Source={first.DatabaseFile}"))
        {
            // The database as V1 left it: workspaces, no counts (V2), no sealed refresh successors (V3).
            await db.ExecuteAsync("""
                DROP TRIGGER workspaces_counted_on_insert; DROP TRIGGER workspaces_counted_on_delete;
                DROP TRIGGER workspaces_counted_on_owner_change; DROP TABLE workspace_counts;
                ALTER TABLE spent_refresh_tokens DROP COLUMN successor;
                DELETE FROM schema_changelog WHERE version IN ('2', '3');
                """);
        }

        using var second = new ApiFactory(dataDirectory: first.DataDirectory);
        var owner = second.CreateClient().WithToken((string)setup["accessToken"]!);
        var list = await (await owner.GetAsync("/api/v1/workspaces")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, (int)list["meta"]!["total"]!);
        await using var check = new SqliteConnection($"Data Source={first.DatabaseFile}");
        Assert.Equal(["local 2", "team 1"], await check.QueryAsync<string>("SELECT owner_realm || ' ' || workspaces FROM workspace_counts ORDER BY owner_realm"));
    }

    [Fact]
    public async Task A_workspace_given_to_another_owner_moves_between_the_counts()
    {
        using var api = new ApiFactory();
        var (client, _) = await api.CreateOwner("alice");
        var moved = await client.CreateWorkspace("/srv/a");
        await client.CreateWorkspace("/srv/b");

        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        await db.ExecuteAsync("UPDATE workspaces SET owner_realm = 'team', owner_id = 'someone' WHERE id = @id", new { id = moved.Id() });

        Assert.Equal(["local 1", "team 1"], await db.QueryAsync<string>("SELECT owner_realm || ' ' || workspaces FROM workspace_counts ORDER BY owner_realm"));
        var list = await (await client.GetAsync("/api/v1/workspaces")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (int)list["meta"]!["total"]!);
    }

    [Fact]
    public async Task A_database_whose_applied_script_was_altered_refuses_to_start()
    {
        using var first = new ApiFactory();
        await (await first.CreateClient().GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);
        await using (var db = new SqliteConnection($"Data Source={first.DatabaseFile}"))
            await db.ExecuteAsync("UPDATE schema_changelog SET checksum = 'tampered' WHERE version = '1'");

        using var second = new ApiFactory(dataDirectory: first.DataDirectory);

        Assert.ThrowsAny<Exception>(() => second.CreateClient());
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_foreign_keys_enforced()
    {
        using var api = new ApiFactory();
        await api.CreateOwner();
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");

        Assert.Equal("wal", await db.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        var orphan = () => db.ExecuteAsync("PRAGMA foreign_keys = ON; INSERT INTO projects (id, workspace_id, name, relative_path, created_at, updated_at) VALUES ('p', 'missing', 'n', 'r', 't', 't')");
        await Assert.ThrowsAsync<SqliteException>(orphan);
    }

    /// <summary>
    /// A write that finds the write lock taken waits in SQLite's busy handler; without it, Microsoft.Data.Sqlite sleeps
    /// 150 ms per retry (docs/benchmarks.md, finding 2). Every connection the API opens, new or pooled, has it set.
    /// </summary>
    [Fact]
    public async Task Every_connection_waits_for_the_write_lock_in_sqlite_itself()
    {
        using var api = new ApiFactory();
        var db = api.Services.GetRequiredService<LocalDatabase>();

        for (var i = 0; i < 2; i++)
        {
            await using var connection = await db.OpenAsync(CancellationToken.None);
            Assert.Equal(10_000, await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
            await connection.ExecuteAsync("PRAGMA busy_timeout = 0"); // the next open takes this one from the pool
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_folder_is_readable_by_its_owner_only()
    {
        using var api = new ApiFactory();
        await (await api.CreateClient().GetAsync("/health/ready")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(api.DataDirectory));
    }
}
