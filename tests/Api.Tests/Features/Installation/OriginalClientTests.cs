using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Installation;

/// <summary>
/// The installation as the original React web client drives it (contract §14): each request is the one that client sends,
/// each assertion what it reads. The client sends no token on these calls; the installer rule stays, so the tests add the
/// local owner's (the contract's way to install with that client) and check that nothing weaker gets through.
/// </summary>
public sealed class OriginalClientTests
{
    static NpgsqlConnectionStringBuilder Parts(ScratchDatabase pg) => new(pg.ConnectionString);

    /// <summary>
    /// apps/web/src/pages/settings-page.tsx, buildConnectionStringFromForm: <c>postgresql://${authSegment}@${host}${portSegment}/${database}${sslSegment}</c>,
    /// the auth segment <c>encodeURIComponent(user)</c> plus <c>:encodeURIComponent(password)</c> when there is a password.
    /// </summary>
    static string ClientUrl(string host, int port, string database, string user, string password) =>
        $"postgresql://{Uri.EscapeDataString(user)}{(password.Length > 0 ? ":" + Uri.EscapeDataString(password) : "")}@{host}:{port}/{database}";

    static string ClientUrl(ScratchDatabase pg)
    {
        var cs = Parts(pg);
        return ClientUrl(cs.Host!, cs.Port, cs.Database!, cs.Username!, cs.Password ?? "");
    }

    static async Task<JsonNode> Status(ApiFactory api) =>
        await (await api.CreateClient().GetAsync("/api/v1/installation/status")).ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task The_installation_page_tests_with_user_and_configures_with_the_parts_nested_in_database()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var cs = Parts(pg);

        // apps/web/src/pages/installation-page.tsx, testConnection: body { host, port: parseInt(port), database, user, password }; reads success, message.
        var tested = await (await owner.PostJson("/api/v1/installation/test-connection",
            new { host = cs.Host, port = cs.Port, database = cs.Database, user = cs.Username, password = cs.Password })).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)tested["success"]!);
        Assert.False(string.IsNullOrEmpty((string?)tested["message"]));

        // installation-page.tsx, configureDatabase: body { database: { host, port, database, user, password }, adminUser: { username, email, password, displayName } }; reads response.ok, message.
        var configured = await (await owner.PostJson("/api/v1/installation/configure", new
        {
            database = new { host = cs.Host, port = cs.Port, database = cs.Database, user = cs.Username, password = cs.Password },
            adminUser = new { username = TeamMode.AdminUsername, email = "admin@example.test", password = TeamMode.AdminPassword, displayName = "Administrator" },
        })).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)configured["success"]!);
        Assert.Contains("first team admin", (string?)configured["message"]);

        // installation-page.tsx, checkStatus: isConfigured && sharedDbConnected && adminUserCreated → the "complete" step.
        var status = await Status(api);
        Assert.True((bool)status["isConfigured"]!);
        Assert.True((bool)status["sharedDbConnected"]!);
        Assert.True((bool)status["adminUserCreated"]!);
        // settings-page.tsx: migrationsRun, pendingMigrations.length ("Up to date"), schemaVersion ("v{schemaVersion}").
        Assert.True((bool)status["migrationsRun"]!);
        Assert.Empty(status["pendingMigrations"]!.AsArray());
        Assert.Equal(int.Parse((string)status["schema"]!["expected"]!), (int)status["schemaVersion"]!);
        // settings-page.tsx, Team Features: "v{schemaVersion} (Compatible)" when schemaCompatible, "Required: v{requiredSchemaVersion}".
        Assert.True((bool)status["schemaCompatible"]!);
        Assert.Equal((int)status["schemaVersion"]!, (int)status["requiredSchemaVersion"]!);
        if (cs.Password is { Length: > 0 } secret)
            Assert.DoesNotContain(secret, status.ToJsonString() + configured.ToJsonString(), StringComparison.Ordinal);
        await api.SignInTeamAsync();
    }

    [Fact]
    public async Task The_settings_page_tests_configures_and_disables_through_team_config_with_a_connection_url()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using (var first = new ApiFactory())
            await first.ConfigureAsync(pg.ConnectionString);
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var url = ClientUrl(pg);

        var before = await Status(api);
        Assert.False((bool)before["sharedDbConnected"]!);
        Assert.False((bool)before["migrationsRun"]!);
        Assert.Empty(before["pendingMigrations"]!.AsArray());
        Assert.Null(before["schemaVersion"]);
        Assert.False((bool)before["schemaCompatible"]!);

        // apps/web/src/pages/settings-page.tsx, handleTestConnection: POST /api/v1/team-config/test { connectionString }; reads response.ok && data.success, data.message.
        var tested = await (await owner.PostJson("/api/v1/team-config/test", new { connectionString = url })).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)tested["success"]!);
        Assert.False(string.IsNullOrEmpty((string?)tested["message"]));

        // settings-page.tsx, handleConfigureTeam: POST /api/v1/team-config/configure { connectionString }; reads response.ok && data.success, data.message.
        var configured = await (await owner.PostJson("/api/v1/team-config/configure", new { connectionString = url })).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)configured["success"]!);
        Assert.False(string.IsNullOrEmpty((string?)configured["message"]));
        var during = await Status(api);
        Assert.True((bool)during["sharedDbConnected"]!);
        Assert.True((bool)during["migrationsRun"]!);
        Assert.NotNull((int?)during["schemaVersion"]);
        await api.SignInTeamAsync();

        // settings-page.tsx, handleDisableSharedMode: POST /api/v1/team-config/disable, Content-Type application/json and no body; reads data.success, data.message.
        var disabled = await (await owner.PostAsync("/api/v1/team-config/disable", new StringContent("", Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.OK);
        Assert.True((bool)disabled["success"]!);
        Assert.False(string.IsNullOrEmpty((string?)disabled["message"]));
        var after = await Status(api);
        Assert.Equal("solo", (string?)after["mode"]);
        Assert.False((bool)after["sharedDbConnected"]!);
        Assert.False((bool)after["migrationsRun"]!);
        Assert.Null(after["schemaVersion"]);
        Assert.Null(await ConfigureTests.StoredSetting(api));
        Assert.DoesNotContain(api.LogLines, line => line.Contains(url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Team_config_configure_on_an_empty_database_says_the_first_admin_is_needed_in_message()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        // settings-page.tsx sends only { connectionString } and shows data.message when the answer is not ok.
        var problem = await (await owner.PostJson("/api/v1/team-config/configure", new { connectionString = ClientUrl(pg) }))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.False(string.IsNullOrEmpty((string?)problem["message"]));
        Assert.Equal("adminUser", (string?)problem["errors"]![0]!["field"]);
        Assert.Null(await ConfigureTests.StoredSetting(api));
    }

    [Fact]
    public async Task A_url_user_and_password_are_percent_decoded_and_the_password_is_never_answered()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var cs = Parts(pg);
        const string password = "p@ss:w/rd?&=%secret";

        var answer = await (await owner.PostJson("/api/v1/team-config/test",
            new { connectionString = ClientUrl(cs.Host!, cs.Port, cs.Database!, "nobody here", password) })).ShouldBe(HttpStatusCode.OK);

        Assert.False((bool)answer["success"]!);
        Assert.Contains("nobody here", (string?)answer["message"]);
        Assert.DoesNotContain(password, answer.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(password), answer.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.LogLines, line => line.Contains(password, StringComparison.Ordinal) || line.Contains(Uri.EscapeDataString(password), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_the_contract_name_and_an_alias_are_both_sent_the_contract_name_wins()
    {
        await using var pg = await ScratchDatabase.CreateAsync();
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();
        var cs = Parts(pg);

        var usernameWins = await (await owner.PostJson("/api/v1/installation/test-connection",
            new { host = cs.Host, port = cs.Port, database = cs.Database, username = cs.Username, user = "nobody_here", password = cs.Password })).ShouldBe(HttpStatusCode.OK);
        var userLoses = await (await owner.PostJson("/api/v1/installation/test-connection",
            new { host = cs.Host, port = cs.Port, database = cs.Database, username = "nobody_here", user = cs.Username, password = cs.Password })).ShouldBe(HttpStatusCode.OK);
        var topLevelWins = await (await owner.PostJson("/api/v1/installation/test-connection",
            new { host = cs.Host, port = cs.Port, username = cs.Username, password = cs.Password, database = new { host = "127.0.0.1", port = 1, database = cs.Database, user = "nobody_here", password = "wrong" } })).ShouldBe(HttpStatusCode.OK);

        Assert.True((bool)usernameWins["success"]!, (string?)usernameWins["message"]);
        Assert.False((bool)userLoses["success"]!);
        Assert.Contains("nobody_here", (string?)userLoses["message"]);
        Assert.True((bool)topLevelWins["success"]!, (string?)topLevelWins["message"]);
    }

    [Fact]
    public async Task Validation_names_the_field_as_the_client_sent_it()
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        async Task<string?> FirstField(object body) =>
            (string?)(await (await owner.PostJson("/api/v1/installation/configure", body)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["errors"]![0]!["field"];

        Assert.Equal("user", await FirstField(new { host = "db.example.test", port = 5432, database = "team", user = "", password = "pw" }));
        Assert.Equal("database.user", await FirstField(new { database = new { host = "db.example.test", port = 5432, database = "team", user = " ", password = "pw" } }));
        Assert.Equal("database.user", await FirstField(new { database = new { host = "db.example.test", port = 5432, database = "team", password = "pw" } }));
        Assert.Equal("database.port", await FirstField(new { database = new { host = "db.example.test", port = 0, database = "team", user = "admin", password = "pw" } }));
        Assert.Equal("username", await FirstField(new { host = "db.example.test", database = "team", username = "", user = "admin" }));
        Assert.Equal("database", await FirstField(new { host = "db.example.test", database = 42, username = "admin" }));
    }

    [Theory]
    [InlineData("postgresql://admin:pw-never-shown@[not-a-host/team")]
    [InlineData("postgresql://admin:pw-never-shown@db.example.test:5432/team?ssl=maybe")]
    [InlineData("postgresql://admin:pw-never-shown@db.example.test:5432/team?no_such_option=1")]
    [InlineData("postgresql://admin:pw-never-shown@db.example.test:5432/")]
    [InlineData("Host=db.example.test;Database=team;Password=pw-never-shown;No Such Keyword=1")]
    [InlineData("just some words pw-never-shown")]
    public async Task A_malformed_connection_string_is_400_naming_connectionString_without_echoing_it(string connectionString)
    {
        using var api = new ApiFactory();
        var (owner, _) = await api.CreateOwner();

        foreach (var route in new[] { "/api/v1/team-config/test", "/api/v1/team-config/configure", "/api/v1/installation/test-connection" })
        {
            var problem = await (await owner.PostJson(route, new { connectionString })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal("connectionString", (string?)problem["errors"]![0]!["field"]);
            Assert.DoesNotContain("pw-never-shown", problem.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(api.LogLines, line => line.Contains("pw-never-shown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_team_config_aliases_keep_the_installer_rule()
    {
        await using var team = await TeamInstance.StartAsync();
        await team.AddMemberAsync("editor1", "editor");
        var editor = await team.SignInAsync("editor1");
        var anonymous = team.Api.CreateClient();
        var body = new { connectionString = ClientUrl(team.Database) };

        // Exactly what the client sends (no token): refused as any anonymous call to the installation is.
        await (await anonymous.PostJson("/api/v1/team-config/test", body)).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.PostJson("/api/v1/team-config/configure", body)).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.PostAsync("/api/v1/team-config/disable", new StringContent("", Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.PostJson("/api/v1/installation/test-connection", new { host = "127.0.0.1", port = 1, database = "team", user = "admin", password = "pw" }))
            .ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        // A team member without installation:manage.
        await (await editor.PostJson("/api/v1/team-config/test", body)).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await editor.PostJson("/api/v1/team-config/configure", body)).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await editor.PostAsync("/api/v1/team-config/disable", new StringContent("", Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Equal("available", (string?)(await Status(team.Api))["sharedDb"]!["state"]);
        Assert.NotNull(await ConfigureTests.StoredSetting(team.Api));
    }

    [Fact]
    public async Task An_unreachable_shared_database_reports_not_connected_and_no_schema()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["SharedDb:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=team;Username=nobody;Password=unused" });
        await api.WaitForStateAsync("unavailable", TimeSpan.FromSeconds(5));

        var status = await Status(api);

        Assert.True((bool)status["isConfigured"]!);
        Assert.False((bool)status["sharedDbConnected"]!);
        Assert.False((bool)status["migrationsRun"]!);
        Assert.Empty(status["pendingMigrations"]!.AsArray());
        Assert.Null(status["schemaVersion"]);
    }
}
