using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Scripts;

/// <summary>The script library through HTTP on a real shared database: writes, derived facts, references, import, audit.</summary>
public sealed class ScriptLibraryTests
{
    const string Scripts = "/api/v1/scripts";

    static async Task<JsonNode> CreateAsync(TeamInstance team, string name, string content, object? extra = null)
    {
        var body = new JsonObject { ["name"] = name, ["content"] = content };
        if (extra is not null)
            foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra, Http.Json))!.AsObject())
                body[key] = value?.DeepClone();
        return (await (await team.Admin.PostAsync(Scripts, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Created))["script"]!;
    }

    static async Task<int> CountAsync(TeamInstance team, string sql)
    {
        await using var connection = await team.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [Fact]
    public async Task Creating_a_script_derives_its_mappings_credentials_and_references_and_audits_it_without_the_text()
    {
        await using var team = await TeamInstance.StartAsync();
        var content = "@echo off\r\nnet use H: \\\\fs01\\home$ S3cret /user:CORP\\svc\r\ncall \"%~dp0Next.cmd\"\r\n";
        var response = await team.Admin.PostJson(Scripts, new { name = "logon.bat", content, description = "Logon", tags = new[] { "Logon", "logon", "Ops" } });
        var script = (await response.ShouldBe(HttpStatusCode.Created))["script"]!;
        var id = (string)script["id"]!;

        Assert.Equal($"{Scripts}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal("batch", (string?)script["type"]);
        Assert.True((bool)script["hasCredentials"]!);
        var mapping = script["driveMappings"]!.AsArray().Single()!;
        Assert.Equal(("H:", "\\\\fs01\\home$", "fs01", "home$", "CORP\\svc", 2), ((string?)mapping["driveLetter"], (string?)mapping["networkPath"], (string?)mapping["serverName"], (string?)mapping["shareName"], (string?)mapping["username"], (int)mapping["line"]!));
        Assert.Equal(["Next.cmd"], script["unresolvedReferences"]!.AsArray().Select(r => (string)r!["name"]!));
        Assert.Empty(script["dependencies"]!.AsArray());
        Assert.Equal(["Logon", "Ops"], script["tags"]!.AsArray().Select(t => (string)t!["name"]!).Order());
        Assert.Equal(content.Length, (int)script["sizeBytes"]!);
        Assert.Equal("admin", (string?)script["createdBy"]);

        await using var sql = await team.OpenAsync();
        var after = await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'script.created' AND resource_id = @Id", new { Id = id });
        Assert.NotNull(after);
        Assert.Contains((string)script["contentSha256"]!, after);
        Assert.DoesNotContain("S3cret", after);
    }

    [Fact]
    public async Task A_reference_resolves_when_its_script_arrives_breaks_on_rename_and_returns_on_delete_of_the_other()
    {
        await using var team = await TeamInstance.StartAsync();
        var caller = await CreateAsync(team, "main.cmd", "call helper.bat\r\ncmd /c helper.bat\r\n");
        Assert.Equal(2, caller["unresolvedReferences"]!.AsArray().Count);

        var helper = await CreateAsync(team, "Helper.BAT", "echo hi");
        var read = (await (await team.Admin.GetAsync($"{Scripts}/{caller["id"]}")).ShouldBe(HttpStatusCode.OK))["script"]!;
        Assert.Empty(read["unresolvedReferences"]!.AsArray());
        Assert.Equal(["Helper.BAT"], read["dependencies"]!.AsArray().Select(d => (string)d!["name"]!));
        var helperRead = (await (await team.Admin.GetAsync($"{Scripts}/{helper["id"]}")).ShouldBe(HttpStatusCode.OK))["script"]!;
        Assert.Equal(["main.cmd"], helperRead["dependents"]!.AsArray().Select(d => (string)d!["name"]!));

        // Renamed away: the references are unresolved again, in the same request.
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Scripts}/{helper["id"]}") { Content = JsonContent(new { name = "other.bat" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await team.Admin.SendAsync(patch)).ShouldBe(HttpStatusCode.OK);
        read = (await (await team.Admin.GetAsync($"{Scripts}/{caller["id"]}")).ShouldBe(HttpStatusCode.OK))["script"]!;
        Assert.Equal(2, read["unresolvedReferences"]!.AsArray().Count);

        // Another script of the name repairs them; deleting it breaks them again.
        var repair = await CreateAsync(team, "helper", "echo again");
        Assert.Equal(2, await CountAsync(team, $"SELECT count(*) FROM script_references WHERE target_id = '{repair["id"]}'"));
        await (await team.Admin.DeleteAsync($"{Scripts}/{repair["id"]}")).ShouldBe(HttpStatusCode.NoContent);
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM script_references WHERE target_id IS NULL"));
        Assert.Equal(1, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.deleted'"));
    }

    [Fact]
    public async Task Names_are_unique_case_insensitively_and_versions_guard_updates()
    {
        await using var team = await TeamInstance.StartAsync();
        var script = await CreateAsync(team, "Deploy.ps1", "Write-Host hi");
        await (await team.Admin.PostJson(Scripts, new { name = "deploy.PS1", content = "" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"{Scripts}/{script["id"]}") { Content = JsonContent(new { description = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await (await team.Admin.SendAsync(stale)).ShouldBe(HttpStatusCode.PreconditionFailed);
        await (await team.Admin.GetAsync($"{Scripts}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.updated'"));
    }

    [Theory]
    [InlineData("""{"name":"","content":""}""", "name")]
    [InlineData("""{"name":"a/b.bat","content":""}""", "name")]
    [InlineData("""{"name":"a\\b.bat","content":""}""", "name")]
    [InlineData("""{"name":"tab\tname","content":""}""", "name")]
    [InlineData("""{"name":"x.bat","content":"a\u0000b"}""", "content")]
    [InlineData("""{"name":"x.bat","content":"","type":"vbscript"}""", "type")]
    [InlineData("""{"name":"x.bat","content":"","tagIds":["not-a-uuid"]}""", "tagIds")]
    public async Task Bad_input_is_a_400_on_its_field_and_writes_nothing(string json, string field)
    {
        await using var team = await TeamInstance.StartAsync();
        var problem = await (await team.Admin.PostAsync(Scripts, new StringContent(json, Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM scripts"));
    }

    [Fact]
    public async Task Unknown_tag_ids_and_out_of_range_pages_are_400s()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostJson(Scripts, new { name = "x.bat", content = "", tagIds = new[] { Guid.NewGuid() } })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Scripts}?pageSize=1000")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var count = await (await team.Admin.GetAsync($"{Scripts}?pageSize=0")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(count["items"]!.AsArray());
        Assert.Equal(0, (int)count["meta"]!["total"]!);
    }

    [Fact]
    public async Task Lists_filter_search_and_sort_and_omit_content()
    {
        await using var team = await TeamInstance.StartAsync();
        await CreateAsync(team, "b-map.bat", "net use Z: \\\\srv\\data\r\n", new { tags = new[] { "Maps" } });
        await CreateAsync(team, "a-deploy.ps1", "Write-Host 'needle_in_content 100%'");
        await CreateAsync(team, "c-old.sh", "echo hi", new { isActive = false });

        async Task<string[]> Names(string query) =>
            [.. (await (await team.Admin.GetAsync($"{Scripts}?{query}")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray().Select(i => (string)i!["name"]!)];

        Assert.Equal(["a-deploy.ps1", "b-map.bat", "c-old.sh"], await Names("sort=name"));
        Assert.Equal(["c-old.sh", "b-map.bat", "a-deploy.ps1"], await Names("sort=-name"));
        Assert.Equal(["b-map.bat"], await Names("driveLetter=z"));
        Assert.Equal(["b-map.bat"], await Names("driveLetter=Z:"));
        Assert.Equal(["b-map.bat"], await Names("tag=maps"));
        Assert.Equal(["a-deploy.ps1"], await Names("search=NEEDLE_IN"));
        Assert.Equal(["a-deploy.ps1"], await Names("searchQuery=100%25"));
        Assert.Empty(await Names("search=_x_"));
        Assert.Equal(["c-old.sh"], await Names("isActive=false"));
        Assert.Equal(["a-deploy.ps1"], await Names("type=powershell"));
        var first = (await (await team.Admin.GetAsync($"{Scripts}?sort=name&pageSize=1")).ShouldBe(HttpStatusCode.OK))["items"]![0]!;
        Assert.Null(first["content"]);
    }

    static ByteArrayContent File(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    [Fact]
    public async Task Imported_bytes_come_back_exactly_as_uploaded_in_every_encoding()
    {
        await using var team = await TeamInstance.StartAsync();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var cp1252 = Encoding.GetEncoding(1252).GetBytes("@echo off\r\nrem Ströbel\r\nnet use K: \\\\srv\\Krämer\r\n");
        byte[] utf8Bom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Write-Host 'é'\n")];
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("net use U: \\\\srv\\u\r\n")];
        using var form = new MultipartFormDataContent
        {
            { File(cp1252), "a", "latin.bat" },
            { File(utf8Bom), "b", "bom.ps1" },
            { File(utf16), "whatever", "wide.cmd" },
        };
        var report = await (await team.Admin.PostAsync($"{Scripts}/import", form)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["bom.ps1", "latin.bat", "wide.cmd"], report["created"]!.AsArray().Select(n => (string)n!).Order());

        var items = (await (await team.Admin.GetAsync($"{Scripts}?sort=name")).ShouldBe(HttpStatusCode.OK))["items"]!.AsArray();
        foreach (var (name, bytes, encoding) in new[] { ("bom.ps1", utf8Bom, "utf-8-bom"), ("latin.bat", cp1252, "windows-1252"), ("wide.cmd", utf16, "utf-16le") })
        {
            var item = items.Single(i => (string)i!["name"]! == name)!;
            Assert.Equal(encoding, (string?)item["encoding"]);
            var download = await team.Admin.GetAsync($"{Scripts}/{item["id"]}/content");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        }
        var latin = (await (await team.Admin.GetAsync($"{Scripts}/{items.Single(i => (string)i!["name"]! == "latin.bat")!["id"]}")).ShouldBe(HttpStatusCode.OK))["script"]!;
        Assert.Contains("Ströbel", (string)latin["content"]!);
        Assert.Equal("\\\\srv\\Krämer", (string?)latin["driveMappings"]![0]!["networkPath"]);
    }

    [Fact]
    public async Task An_import_is_all_or_nothing_a_dry_run_writes_nothing_and_a_repeat_is_unchanged()
    {
        await using var team = await TeamInstance.StartAsync();
        var files = Enumerable.Range(0, 20).Select(i => new { name = $"job{i:00}.cmd", content = $"call job{i + 1:00}.cmd\r\n" }).ToList();

        using (var form = new MultipartFormDataContent { { File(Encoding.UTF8.GetBytes("echo ok")), "f1", "good.bat" }, { File([0x4D, 0x5A, 0x00, 0x00, 0x01]), "f2", "tool.exe.bat" } })
        {
            var problem = await (await team.Admin.PostAsync($"{Scripts}/import", form)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains("tool.exe.bat", problem.ToJsonString());
        }
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM scripts"));

        var dry = await (await team.Admin.PostJson($"{Scripts}/import?dryRun=true", new { files })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(20, dry["created"]!.AsArray().Count);
        Assert.True((bool)dry["dryRun"]!);
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM scripts"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action LIKE 'script.%'"));

        var done = await (await team.Admin.PostJson($"{Scripts}/import", new { files })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(20, done["created"]!.AsArray().Count);
        Assert.Equal(19, await CountAsync(team, "SELECT count(*) FROM script_references WHERE target_id IS NOT NULL"));
        Assert.Equal(20, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.created'"));

        var again = await (await team.Admin.PostJson($"{Scripts}/import", new { files })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(20, again["unchanged"]!.AsArray().Count);
        Assert.Equal(20, await CountAsync(team, "SELECT count(*) FROM scripts WHERE version = 1"));
        Assert.Equal(20, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.created'"));
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.imported'"));
    }

    [Fact]
    public async Task Two_instances_importing_overlapping_names_at_once_each_commit_whole_and_never_duplicate()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        using var otherAdmin = await other.SignInTeamAsync();
        var a = Enumerable.Range(0, 200).Select(i => new { name = $"shared{i:000}.bat", content = $"echo a{i}" }).ToList();
        var b = Enumerable.Range(100, 200).Select(i => new { name = $"SHARED{i:000}.bat", content = $"echo b{i}" }).ToList();

        var results = await Task.WhenAll(team.Admin.PostJson($"{Scripts}/import", new { files = a }), otherAdmin.PostJson($"{Scripts}/import", new { files = b }));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(300, await CountAsync(team, "SELECT count(*) FROM scripts"));
        Assert.Equal(300, await CountAsync(team, "SELECT count(DISTINCT lower(name)) FROM scripts"));
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'script.imported'"));
    }

    [Fact]
    public async Task Readers_cannot_write_and_callers_without_a_session_are_401()
    {
        await using var team = await TeamInstance.StartAsync();
        using var reader = await team.SignInWithPermissionsAsync("reader", "scripts:read");
        await (await reader.GetAsync(Scripts)).ShouldBe(HttpStatusCode.OK);
        await (await reader.PostJson(Scripts, new { name = "x.bat", content = "" })).ShouldBe(HttpStatusCode.Forbidden);
        await (await team.Api.CreateClient().GetAsync(Scripts)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Stats_tags_drives_and_shares_describe_the_whole_library()
    {
        await using var team = await TeamInstance.StartAsync();
        await CreateAsync(team, "logon-a.bat", "net use G: \\\\fs01\\Gruppen\r\nnet use H: \\\\fs01\\home$ pw /user:x\r\n", new { tags = new[] { "Logon" } });
        await CreateAsync(team, "logon-b.bat", "net use G: \\\\FS01\\gruppen\r\n", new { tags = new[] { "logon", "Legacy" } });
        await CreateAsync(team, "legacy.cmd", "net use G: \\\\fs02\\alt\r\nnet use \\\\fs03 /user:x\r\n", new { isActive = false });
        await CreateAsync(team, "deploy.ps1", "Write-Host hi");

        var stats = (await (await team.Admin.GetAsync($"{Scripts}/stats")).ShouldBe(HttpStatusCode.OK))["stats"]!;
        Assert.Equal((4, 3, 1), ((int)stats["totalScripts"]!, (int)stats["activeScripts"]!, (int)stats["scriptsWithCredentials"]!));
        Assert.Equal((3, 1, 0), ((int)stats["scriptsByType"]!["batch"]!, (int)stats["scriptsByType"]!["powershell"]!, (int)stats["scriptsByType"]!["sql"]!));
        Assert.Equal("deploy.ps1", (string?)stats["recentlyUpdated"]![0]!["name"]);

        var tags = (await (await team.Admin.GetAsync($"{Scripts}/tags")).ShouldBe(HttpStatusCode.OK))["tags"]!.AsArray();
        Assert.Equal(["Legacy 1", "Logon 2"], tags.Select(t => $"{t!["name"]} {t["scriptCount"]}"));

        var drives = await (await team.Admin.GetAsync($"{Scripts}/drives")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((4, 5), ((int)drives["totalScripts"]!, (int)drives["totalMappings"]!));
        Assert.Equal(["G:", "H:"], drives["usedDrives"]!.AsArray().Select(d => (string)d!));
        Assert.DoesNotContain("G:", drives["availableDrives"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(21, drives["availableDrives"]!.AsArray().Count);
        var conflict = drives["conflicts"]!.AsArray().Single()!;
        Assert.Equal("G:", (string?)conflict["driveLetter"]);
        Assert.Equal(["legacy.cmd", "logon-a.bat", "logon-b.bat"], conflict["scripts"]!.AsArray().Select(x => (string)x!["scriptName"]!).Order());
        Assert.Equal(3, drives["driveUsage"]!["G:"]!.AsArray().Count);
        // The original web client's route (features/scripts/components/drive-mappings-tab.tsx): it iterates
        // analysis.driveUsage as [{driveLetter, scripts}] and keys its drive map by the bare letter.
        var analysis = (await (await team.Admin.GetAsync($"{Scripts}/drives/analysis")).ShouldBe(HttpStatusCode.OK))["analysis"]!;
        Assert.Equal((4, 5), ((int)analysis["totalScripts"]!, (int)analysis["totalMappings"]!));
        Assert.Equal(["G", "H"], analysis["usedDrives"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(21, analysis["availableDrives"]!.AsArray().Count);
        Assert.Equal(["G 3", "H 1"], analysis["driveUsage"]!.AsArray().Select(u => $"{u!["driveLetter"]} {u["scripts"]!.AsArray().Count}"));
        Assert.Equal("G", (string?)analysis["conflicts"]!.AsArray().Single()!["driveLetter"]);
        Assert.Equal(conflict["scripts"]!.ToJsonString(), analysis["conflicts"]![0]!["scripts"]!.ToJsonString());
        var conflicts = await (await team.Admin.GetAsync($"{Scripts}/drives/conflicts")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(drives["conflicts"]!.ToJsonString(), conflicts["conflicts"]!.ToJsonString());

        var shares = (await (await team.Admin.GetAsync($"{Scripts}/shares")).ShouldBe(HttpStatusCode.OK))["shares"]!.AsArray();
        // Grouped as Windows compares paths: \\fs01\Gruppen and \\FS01\gruppen are one share.
        Assert.Equal(["fs01|gruppen|g:|2", "fs01|home$|h:|1", "fs02|alt|g:|1"],
            shares.Select(x => $"{x!["serverName"]}|{x["shareName"]}|{string.Join(',', x["driveLetters"]!.AsArray().Select(l => (string)l!))}|{x["scriptCount"]}".ToLowerInvariant()));
    }

    [Fact]
    public async Task Dependencies_walk_both_ways_to_the_depth_asked_and_a_cycle_ends()
    {
        await using var team = await TeamInstance.StartAsync();
        var a = await CreateAsync(team, "a.cmd", "call b.cmd\r\n");
        await CreateAsync(team, "b.cmd", "call c.cmd\r\n");
        await CreateAsync(team, "c.cmd", "call a.cmd\r\ncall missing.cmd\r\n");
        await CreateAsync(team, "d.cmd", "start A.CMD\r\n");

        async Task<(string[] Down, string[] Up)> Walk(string query)
        {
            var body = await (await team.Admin.GetAsync($"{Scripts}/{a["id"]}/dependencies{query}")).ShouldBe(HttpStatusCode.OK);
            static string[] Of(JsonNode? list) => [.. list!.AsArray().Select(x => $"{x!["name"]}@{x["depth"]}")];
            return (Of(body["dependencies"]), Of(body["dependents"]));
        }

        var (down, up) = await Walk("");
        Assert.Equal(["b.cmd@1", "c.cmd@2"], down);
        Assert.Equal(["c.cmd@1", "d.cmd@1", "b.cmd@2"], up);
        (down, up) = await Walk("?depth=1");
        Assert.Equal(["b.cmd@1"], down);
        Assert.Equal(["c.cmd@1", "d.cmd@1"], up);
        await (await team.Admin.GetAsync($"{Scripts}/{a["id"]}/dependencies?depth=0")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Scripts}/{a["id"]}/dependencies?depth=51")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Scripts}/{Guid.NewGuid()}/dependencies")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Tags_are_found_or_created_renamed_and_deleted_with_an_audit_entry_each()
    {
        await using var team = await TeamInstance.StartAsync();
        var created = await team.Admin.PostJson($"{Scripts}/tags", new { name = " Nightly ", color = "#1F6FEB" });
        var tag = (await created.ShouldBe(HttpStatusCode.Created))["tag"]!;
        Assert.Equal(("Nightly", "#1f6feb"), ((string?)tag["name"], (string?)tag["color"]));
        var found = (await (await team.Admin.PostJson($"{Scripts}/tags", new { name = "NIGHTLY", color = "#000000" })).ShouldBe(HttpStatusCode.OK))["tag"]!;
        Assert.Equal(((string?)tag["id"], "#1f6feb"), ((string?)found["id"], (string?)found["color"]));
        await CreateAsync(team, "x.bat", "", new { tagIds = new[] { (string)tag["id"]! } });
        await (await team.Admin.PostJson($"{Scripts}/tags", new { name = "Weekly" })).ShouldBe(HttpStatusCode.Created);

        await (await team.Admin.PatchJson($"{Scripts}/tags/{tag["id"]}", new { name = "weekly" })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");
        await (await team.Admin.PatchJson($"{Scripts}/tags/{tag["id"]}", new { color = "red" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var renamed = (await (await team.Admin.PatchJson($"{Scripts}/tags/{tag["id"]}", new { name = "Nachts" })).ShouldBe(HttpStatusCode.OK))["tag"]!;
        Assert.Equal(("Nachts", "#1f6feb"), ((string?)renamed["name"], (string?)renamed["color"]));
        await (await team.Admin.PatchJson($"{Scripts}/tags/{Guid.NewGuid()}", new { name = "x" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        await (await team.Admin.DeleteAsync($"{Scripts}/tags/{tag["id"]}")).ShouldBe(HttpStatusCode.NoContent);
        await (await team.Admin.DeleteAsync($"{Scripts}/tags/{tag["id"]}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        var script = (await (await team.Admin.GetAsync($"{Scripts}?sort=name")).ShouldBe(HttpStatusCode.OK))["items"]![0]!;
        Assert.Empty(script["tags"]!.AsArray());
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'tag.created'"));
        Assert.Equal(1, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'tag.updated'"));
        Assert.Equal(1, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'tag.deleted' AND (before->>'scriptCount')::int = 1"));
    }

    [Fact]
    public async Task A_scripts_activity_is_its_own_audit_entries_newest_first_in_pages()
    {
        await using var team = await TeamInstance.StartAsync();
        var script = await CreateAsync(team, "activity.bat", "echo 1");
        var other = await CreateAsync(team, "elsewhere.bat", "echo 1");
        await (await team.Admin.PatchJson($"{Scripts}/{script["id"]}", new { description = "two", version = 1 })).ShouldBe(HttpStatusCode.OK);
        await (await team.Admin.PatchJson($"{Scripts}/{other["id"]}", new { description = "not this one", version = 1 })).ShouldBe(HttpStatusCode.OK);
        await (await team.Admin.PostJson($"{Scripts}/import", new { files = new[] { new { name = "activity.bat", content = "echo 3" } } })).ShouldBe(HttpStatusCode.OK);

        var first = await (await team.Admin.GetAsync($"{Scripts}/{script["id"]}/activity?pageSize=2")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["script.updated", "script.updated"], first["items"]!.AsArray().Select(e => (string)e!["action"]!));
        Assert.Equal(2, (int)first["meta"]!["pageSize"]!);
        var cursor = (string?)first["meta"]!["nextCursor"];
        Assert.NotNull(cursor);
        var second = await (await team.Admin.GetAsync($"{Scripts}/{script["id"]}/activity?pageSize=2&cursor={cursor}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["script.created"], second["items"]!.AsArray().Select(e => (string)e!["action"]!));
        Assert.Null((string?)second["meta"]!["nextCursor"]);
        // features/scripts/components/script-activity-log.tsx reads timestamp, memberDisplayName, oldValue/newValue.
        var created = second["items"]![0]!;
        Assert.Equal((string?)created["occurredAt"], (string?)created["timestamp"]);
        Assert.Equal(TeamMode.AdminUsername, (string?)created["memberDisplayName"]);
        Assert.Equal(created["after"]!.ToJsonString(), created["newValue"]!.ToJsonString());
        var sequences = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(e => (long)e!["sequence"]!).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.All(first["items"]!.AsArray().Concat(second["items"]!.AsArray()), e => Assert.Equal((string?)script["id"], (string?)e!["resourceId"]));

        await (await team.Admin.GetAsync($"{Scripts}/{script["id"]}/activity?cursor=nonsense")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Scripts}/{script["id"]}/activity?pageSize=0")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Scripts}/{Guid.NewGuid()}/activity")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        var viewer = await team.SignInWithPermissionsAsync("activity-reader", "scripts:read");
        await (await viewer.GetAsync($"{Scripts}/{script["id"]}/activity")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_unfiltered_total_follows_creates_imports_deletes_and_a_failed_import()
    {
        await using var team = await TeamInstance.StartAsync();
        async Task<int> TotalAsync() => (int)(await (await team.Admin.GetAsync($"{Scripts}?pageSize=0")).ShouldBe(HttpStatusCode.OK))["meta"]!["total"]!;

        var first = await CreateAsync(team, "one.bat", "echo 1");
        await CreateAsync(team, "two.bat", "echo 2");
        // Two new and one updated by name: the total counts rows added, not rows written.
        await (await team.Admin.PostJson($"{Scripts}/import", new { files = new[] { new { name = "one.bat", content = "echo 1b" }, new { name = "three.bat", content = "echo 3" }, new { name = "four.bat", content = "echo 4" } } }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(4, await TotalAsync());
        // All or nothing: a binary file fails the import, and the total stays with the rows.
        await (await team.Admin.PostJson($"{Scripts}/import", new { files = new[] { new { name = "five.bat", content = "echo 5" }, new { name = "bad.bat", content = "a\0b" } } }))
            .ShouldBe(HttpStatusCode.BadRequest);
        await (await team.Admin.DeleteAsync($"{Scripts}/{first["id"]}")).ShouldBe(HttpStatusCode.NoContent);

        Assert.Equal(3, await TotalAsync());
        Assert.Equal(await CountAsync(team, "SELECT count(*) FROM scripts"), await TotalAsync());
        // A filter counts its matches instead.
        Assert.Equal(1, (int)(await (await team.Admin.GetAsync($"{Scripts}?search=three")).ShouldBe(HttpStatusCode.OK))["meta"]!["total"]!);
    }

    static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body, Http.Json), Encoding.UTF8, "application/json");
}
