using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Installation;

public sealed class ConfigureTests
{
    internal static async Task<string?> StoredSetting(ApiFactory api)
    {
        await using var db = new SqliteConnection($"Data Source={api.DatabaseFile}");
        return await db.ExecuteScalarAsync<string?>("SELECT value FROM settings WHERE key = 'shared_db.connection_string'");
    }

    [Fact]
    public async Task Configure_migrates_creates_the_first_admin_audits_and_switches_to_shared_mode()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();

        var (_, configured) = await api.ConfigureAsync(pg.ConnectionString);

        Assert.Equal("available", (string?)configured["status"]);
        Assert.Contains("V1__team_schema.sql", configured["migrationsApplied"]!.AsArray().Select(m => (string?)m));
        var status = await (await api.CreateClient().GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("shared", (string?)status["mode"]);
        Assert.True((bool)status["adminUserCreated"]!);
        Assert.Equal((string?)status["schema"]!["expected"], (string?)status["schema"]!["current"]);
        Assert.Empty(status["schema"]!["pending"]!.AsArray());
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Equal(["admin"], await sql.QueryAsync<string>("SELECT r.name FROM team_users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id"));
        Assert.Equal(["user.created", "installation.configured"], await sql.QueryAsync<string>("SELECT action FROM audit_log ORDER BY sequence"));
        Assert.Equal((string?)configured["adminUserId"], await sql.ExecuteScalarAsync<string>("SELECT id::text FROM team_users"));
    }

    /// <summary>
    /// pg_trgm is a trusted extension: an account with CREATE on the database may create it, one without may not. Such a
    /// database is refused by the extension's name before any script runs; granting CREATE is then enough.
    /// </summary>
    [Fact]
    public async Task A_database_where_pg_trgm_cannot_be_created_is_refused_by_name_and_left_untouched()
    {
        var role = $"limited_{Guid.NewGuid():N}"[..24];
        var pg = await ScratchDatabase.CreateAsync();
        try
        {
            await using (var admin = new NpgsqlConnection(pg.ConnectionString))
                await admin.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'limited pass'; GRANT USAGE, CREATE ON SCHEMA public TO {role};");
            var limited = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Username = role, Password = "limited pass" }.ConnectionString;
            using var api = new ApiFactory();
            var (owner, _) = await api.CreateOwner();

            var refused = await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(limited))).ShouldBe(HttpStatusCode.UnprocessableEntity, "EXTENSION_UNAVAILABLE");
            Assert.Contains("'pg_trgm'", (string?)refused["detail"]);
            Assert.Contains("CREATE on the database", (string?)refused["detail"]);
            await using (var sql = new NpgsqlConnection(pg.ConnectionString))
            {
                Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
                await sql.ExecuteAsync($"GRANT CREATE ON DATABASE \"{pg.Name}\" TO {role}");
            }
            Assert.Null(await StoredSetting(api));

            await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(limited))).ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await pg.DisposeAsync();
            await using var server = new NpgsqlConnection((await PostgresServer.SharedAsync()).AdminConnectionString);
            await server.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task The_stored_connection_string_is_encrypted_and_no_answer_or_log_shows_the_password()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        const string password = "Sup3r-Secret-Pa55";
        var connectionString = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Password = password }.ConnectionString;
        using var api = new ApiFactory();

        var (owner, configured) = await api.ConfigureAsync(connectionString);
        var status = await (await owner.GetAsync("/api/v1/installation/status")).ReadJson();
        var wrongDb = await owner.PostJson("/api/v1/installation/test-connection", new { connectionString = connectionString.Replace(pg.Name, "no_such_db") });

        var stored = await StoredSetting(api);
        Assert.NotNull(stored);
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(pg.Name, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(password, File.ReadAllText(api.DatabaseFile + "-wal", System.Text.Encoding.Latin1), StringComparison.Ordinal);
        Assert.DoesNotContain(password, configured.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, status.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, await wrongDb.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.LogLines, line => line.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_connection_failed_and_nothing_changes()
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        var response = await owner.PostJson("/api/v1/installation/configure",
            new { host = "127.0.0.1", port = 1, database = "team", username = "admin", password = "pw-never-shown", adminUser = new { username = "admin", email = "a@example.test", password = "admin passphrase 1" } });

        var problem = await response.ShouldBe((HttpStatusCode)422, "CONNECTION_FAILED");
        Assert.DoesNotContain("pw-never-shown", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await StoredSetting(api));
        var status = await (await owner.GetAsync("/api/v1/installation/status")).ReadJson();
        Assert.Equal("solo", (string?)status["mode"]);
        Assert.Equal("not_configured", (string?)status["sharedDb"]!["state"]);
    }

    [Fact]
    public async Task Credentials_the_server_refuses_are_connection_failed_and_nothing_changes()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var wrongUser = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Username = "nobody_here", Password = "wrong-password" }.ConnectionString;

        var response = await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(wrongUser));

        var problem = await response.ShouldBe((HttpStatusCode)422, "CONNECTION_FAILED");
        Assert.Contains("nobody_here", (string?)problem["detail"]);
        Assert.DoesNotContain("wrong-password", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await StoredSetting(api));
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Null(await sql.ExecuteScalarAsync<string?>("SELECT to_regclass('public.team_users')::text"));
    }

    [Fact]
    public async Task An_empty_database_needs_the_first_admin()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        var response = await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString, withAdmin: false));

        var problem = await response.ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("adminUser", (string?)problem["errors"]![0]!["field"]);
        Assert.Null(await StoredSetting(api));
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Null(await sql.ExecuteScalarAsync<string?>("SELECT to_regclass('public.team_users')::text"));
    }

    [Fact]
    public async Task A_second_instance_joins_an_installed_database_without_an_admin_and_changes_nothing_else()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var first = new ApiFactory();
        await first.ConfigureAsync(pg.ConnectionString);
        using var second = new ApiFactory();
        var (owner, _) = await second.CreateOwner();
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        var migrations = await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_changelog WHERE name LIKE 'V%'");

        var joined = await (await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString, withAdmin: false))).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(joined["migrationsApplied"]!.AsArray());
        Assert.Null((string?)joined["adminUserId"]);
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));
        Assert.Equal(migrations, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_changelog WHERE name LIKE 'V%'"));
        await second.SignInTeamAsync();
    }

    [Fact]
    public async Task Three_instances_configuring_one_empty_database_at_once_apply_each_migration_once_and_all_end_available()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        var apis = Enumerable.Range(0, 3).Select(_ => new ApiFactory()).ToList();
        try
        {
            var owners = new List<HttpClient>();
            foreach (var api in apis)
                owners.Add((await api.CreateOwner()).Client);

            var answers = await Task.WhenAll(owners.Select(o => o.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString))));

            foreach (var answer in answers)
                Assert.Equal("available", (string?)(await answer.ShouldBe(HttpStatusCode.OK))["status"]);
            await using var sql = new NpgsqlConnection(pg.ConnectionString);
            Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_changelog WHERE name = 'V1__team_schema.sql'"));
            Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));
            Assert.Equal(4, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM roles"));
            Assert.Equal(3, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'installation.configured'"));
        }
        finally
        {
            apis.ForEach(a => a.Dispose());
        }
    }

    [Fact]
    public async Task A_database_with_a_newer_schema_is_refused_as_schema_too_new()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var first = new ApiFactory();
        await first.ConfigureAsync(pg.ConnectionString);
        await using (var sql = new NpgsqlConnection(pg.ConnectionString))
            await sql.ExecuteAsync("""
                INSERT INTO schema_changelog (type, version, description, name, checksum, installed_by, installed_on, success)
                SELECT type, '999', 'from the future', 'V999__from_the_future.sql', checksum, installed_by, installed_on, success
                FROM schema_changelog WHERE name = 'V1__team_schema.sql'
                """);
        using var newer = new ApiFactory();
        var (owner, _) = await newer.CreateOwner();

        var response = await owner.PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString, withAdmin: false));

        await response.ShouldBe(HttpStatusCode.Conflict, "SCHEMA_TOO_NEW");
        Assert.Null(await StoredSetting(newer));
    }

    [Fact]
    public async Task Disable_returns_to_solo_forgets_the_connection_and_keeps_the_shared_data()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.ConfigureAsync(pg.ConnectionString);

        var disabled = await (await owner.PostAsync("/api/v1/installation/disable", null)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("solo", (string?)disabled["mode"]);
        Assert.Null(await StoredSetting(api));
        await (await api.CreateClient().GetAsync("/api/v1/rbac/permissions")).ShouldBe(HttpStatusCode.ServiceUnavailable, "NOT_CONFIGURED");
        await using var sql = new NpgsqlConnection(pg.ConnectionString);
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM team_users"));
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'installation.disabled'"));
    }

    [Fact]
    public async Task Only_an_installer_may_configure()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();

        var anonymous = await api.CreateClient().PostJson("/api/v1/installation/configure", TeamMode.Connection(pg.ConnectionString));

        await anonymous.ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await StoredSetting(api));
    }

    [Fact]
    public async Task A_restarted_instance_reconnects_to_its_stored_shared_database_in_the_background()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        string dataDirectory;
        using (var first = new ApiFactory())
        {
            await first.ConfigureAsync(pg.ConnectionString);
            dataDirectory = first.DataDirectory;
            using var restarted = new ApiFactory(dataDirectory: dataDirectory);
            await restarted.WaitForStateAsync("available", TimeSpan.FromSeconds(10));
            await restarted.SignInTeamAsync();
        }
    }
}
