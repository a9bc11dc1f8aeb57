using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>Reading the catalog an import wrote: the filtered, sorted list and one job with its neighbours.</summary>
public sealed class JobCatalogTests
{
    const string Jobs = "/api/v1/controlm-jobs";

    [Fact]
    public async Task The_list_filters_searches_and_sorts_and_a_job_shows_its_conditions_and_neighbours()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);

        var all = await (await team.Admin.GetAsync($"{Jobs}?sort=-jobName")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, (int)all["meta"]!["total"]!);
        Assert.Equal(["FIN-LOAD#2", "FIN-LOAD#1", "FIN-EXTRACT#1"], all["items"]!.AsArray().Select(j => $"{j!["jobName"]}#{j["occurrence"]}"));
        Assert.Null(all["items"]![0]!["attributes"]);
        var searched = await (await team.Admin.GetAsync($"{Jobs}?searchQuery=LEDGER")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["FIN-LOAD"], searched["items"]!.AsArray().Select(j => (string?)j!["jobName"]));
        var commands = await (await team.Admin.GetAsync($"{Jobs}?taskType=Command&application=FIN&linked=false")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (int)commands["meta"]!["total"]!);
        var counted = await (await team.Admin.GetAsync($"{Jobs}?folder=FIN_EOD&pageSize=0")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((3, 0), ((int)counted["meta"]!["total"]!, counted["items"]!.AsArray().Count));
        await (await team.Admin.GetAsync($"{Jobs}?sort=size")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Jobs}?pageSize=1000")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        await using var sql = await team.OpenAsync();
        var extractId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'");
        var loadId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 1");

        var load = (await (await team.Admin.GetAsync($"{Jobs}/{loadId}")).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(["FIN-EXTRACT-OK ODAT and", "GL-CLOSED PREV and"], load["inConditions"]!.AsArray().Select(c => $"{c!["name"]} {c["odate"]} {c["andOr"]}"));
        Assert.Equal(["FIN-EXTRACT-OK -", "FIN-LOAD-OK +"], load["outConditions"]!.AsArray().Select(c => $"{c!["name"]} {c["sign"]}"));
        // GL-CLOSED has no producer in the catalog: an external condition, not an edge and not an error.
        Assert.Equal([$"{extractId} FIN-EXTRACT FIN-EXTRACT-OK condition"], load["predecessors"]!.AsArray().Select(e => $"{e!["id"]} {e["jobName"]} {e["condition"]} {e["kind"]}"));
        Assert.Empty(load["successors"]!.AsArray());
        Assert.Equal(4, load["conditions"]!.AsArray().Count);

        var extract = (await (await team.Admin.GetAsync($"{Jobs}/{extractId}")).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal([$"{loadId} FIN-LOAD"], extract["successors"]!.AsArray().Select(e => $"{e!["id"]} {e["jobName"]}"));
        Assert.Equal(("EOD", "EOD", "svc_fin", "svc_fin"), ((string?)extract["subApplication"], (string?)extract["groupName"], (string?)extract["runAs"], (string?)extract["owner"]));
        Assert.Equal("3", (string?)extract["attributes"]!["MAXRERUN"]);
        await (await team.Admin.GetAsync($"{Jobs}/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_condition_nobody_posts_is_external_until_its_producer_is_imported_later()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var loadId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 1");
        async Task<List<string>> PredecessorsAsync() =>
            [.. (await (await team.Admin.GetAsync($"{Jobs}/{loadId}")).ShouldBe(HttpStatusCode.OK))["job"]!["predecessors"]!.AsArray().Select(e => $"{e!["folder"]}/{e["jobName"]}")];
        Assert.Equal(["FIN_EOD/FIN-EXTRACT"], await PredecessorsAsync());

        const string ledger = """
            <?xml version="1.0" encoding="utf-8"?>
            <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="GL">
              <JOB JOBNAME="GL-CLOSE" TASKTYPE="Dummy" PARENT_FOLDER="GL"><OUTCOND NAME="GL-CLOSED" ODATE="PREV" SIGN="ADD"/></JOB>
            </FOLDER>
            <FOLDER DATACENTER="DC2" FOLDER_NAME="ELSEWHERE">
              <JOB JOBNAME="OTHER-SERVER" TASKTYPE="Dummy" PARENT_FOLDER="ELSEWHERE"><OUTCOND NAME="GL-CLOSED" ODATE="ODAT" SIGN="+"/></JOB>
            </FOLDER></DEFTABLE>
            """;
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ledger))).ShouldBe(HttpStatusCode.OK);

        // The producer in the same datacenter makes the edge; the one on another server posts into another pool.
        Assert.Equal(["FIN_EOD/FIN-EXTRACT", "GL/GL-CLOSE"], (await PredecessorsAsync()).Order());
    }

    [Fact]
    public async Task Auto_link_matches_memName_or_cmdLine_to_one_script_and_links_can_be_set_and_cleared_by_hand()
    {
        await using var team = await TeamInstance.StartAsync();
        async Task<string> ScriptAsync(string name) =>
            (string)(await (await team.Admin.PostJson("/api/v1/scripts", new { name, content = "echo" })).ShouldBe(HttpStatusCode.Created))["script"]!["id"]!;
        var extract = await ScriptAsync("Extract.BAT");
        var load = await ScriptAsync("load.bat");
        await ScriptAsync("run.bat");
        await ScriptAsync("run.ps1");
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        const string csv = "JOB_NAME,APPLICATION,MEMNAME\r\nAMBIGUOUS,OPS,run\r\n";
        await (await team.Admin.PostAsync($"{Jobs}/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))).ShouldBe(HttpStatusCode.OK);

        var first = await (await team.Admin.PostAsync($"{Jobs}/auto-link", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((2, 2, 0, 2), ((int)first["linked"]!, (int)first["newlyLinked"]!, (int)first["alreadyLinked"]!, (int)first["noMatchFound"]!));
        await using var sql = await team.OpenAsync();
        Assert.Equal([$"FIN-EXTRACT {extract}", $"FIN-LOAD {load}"],
            await sql.QueryAsync<string>("SELECT job_name || ' ' || script_id FROM controlm_jobs WHERE script_id IS NOT NULL ORDER BY job_name"));
        var again = await (await team.Admin.PostAsync($"{Jobs}/auto-link", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((2, 0, 2), ((int)again["linked"]!, (int)again["newlyLinked"]!, (int)again["alreadyLinked"]!));
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'controlm.auto_linked'"));
        var listed = await (await team.Admin.GetAsync($"{Jobs}?linked=true&sort=jobName")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["Extract.BAT", "load.bat"], listed["items"]!.AsArray().Select(j => (string?)j!["linkedScript"]!["name"]));

        var archive = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 2");
        var linked = await (await team.Admin.PostJson($"{Jobs}/{archive}/link-script", new { scriptId = extract })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("Extract.BAT", 2), ((string?)linked["linkedScript"]!["name"], (int)linked["version"]!));
        await (await team.Admin.PostJson($"{Jobs}/{archive}/link-script", new { scriptId = Guid.NewGuid() })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.PostJson($"{Jobs}/{archive}/link-script", new { scriptId = "x" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.PostJson($"{Jobs}/{Guid.NewGuid()}/link-script", new { scriptId = extract })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.DeleteAsync($"{Jobs}/{archive}/link-script")).ShouldBe(HttpStatusCode.NoContent);
        await (await team.Admin.DeleteAsync($"{Jobs}/{archive}/link-script")).ShouldBe(HttpStatusCode.NoContent);
        Assert.Null(await sql.ExecuteScalarAsync<string?>("SELECT script_id::text FROM controlm_jobs WHERE id = @Id::uuid", new { Id = archive }));
        Assert.Equal(["controlm_job.linked", "controlm_job.unlinked"],
            await sql.QueryAsync<string>("SELECT action FROM audit_log WHERE resource_id = @Id ORDER BY sequence", new { Id = archive }));
    }

    [Fact]
    public async Task Stats_filters_and_linking_status_describe_the_whole_catalog()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostJson("/api/v1/scripts", new { name = "extract.bat", content = "echo" })).ShouldBe(HttpStatusCode.Created);
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        await (await team.Admin.PostAsync($"{Jobs}/auto-link", null)).ShouldBe(HttpStatusCode.OK);

        var status = await (await team.Admin.GetAsync($"{Jobs}/linking-status")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((3, 1, 1, 2, 33.3), ((int)status["totalJobs"]!, (int)status["jobsWithMemName"]!, (int)status["linkedJobs"]!, (int)status["unlinkedJobs"]!, (double)status["linkingPercentage"]!));

        var stats = (await (await team.Admin.GetAsync($"{Jobs}/stats")).ShouldBe(HttpStatusCode.OK))["stats"]!;
        Assert.Equal((3, 3, 0, 1, 1), ((int)stats["totalJobs"]!, (int)stats["activeJobs"]!, (int)stats["cyclicJobs"]!, (int)stats["criticalJobs"]!, (int)stats["folders"]!));
        Assert.Equal(3, (int)stats["jobsByApplication"]!["FIN"]!);
        Assert.Equal((1, 1, 1), ((int)stats["jobsByTaskType"]!["Job"]!, (int)stats["jobsByTaskType"]!["Command"]!, (int)stats["jobsByTaskType"]!["Dummy"]!));
        Assert.Equal((1, 2), ((int)stats["jobsByServer"]!["winhost01"]!, (int)stats["jobsByServer"]![""]!));

        var filters = await (await team.Admin.GetAsync($"{Jobs}/filters")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["FIN"], filters["applications"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["FIN_EOD"], filters["folders"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["winhost01"], filters["nodes"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["Command", "Dummy", "Job"], filters["taskTypes"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task A_job_a_folder_or_the_whole_catalog_can_be_deleted_each_with_an_audit_entry()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        const string other = "<DEFTABLE><FOLDER DATACENTER=\"DC1\" FOLDER_NAME=\"OTHER\"><JOB JOBNAME=\"X\" PARENT_FOLDER=\"OTHER\"/><JOB JOBNAME=\"Y\" PARENT_FOLDER=\"OTHER\"/></FOLDER></DEFTABLE>";
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(other))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var extractId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'");
        var editor = await team.SignInWithPermissionsAsync("writer", "controlm:read", "controlm:write");

        await (await editor.DeleteAsync($"{Jobs}/{extractId}")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Jobs}/{extractId}");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await (await team.Admin.SendAsync(stale)).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await (await team.Admin.DeleteAsync($"{Jobs}/{extractId}")).ShouldBe(HttpStatusCode.NoContent);
        await (await team.Admin.DeleteAsync($"{Jobs}/{extractId}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_conditions c WHERE c.job_id = @Id::uuid", new { Id = extractId }));

        var folder = await (await team.Admin.DeleteAsync($"{Jobs}?folder=OTHER")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, (int)folder["deletedCount"]!);
        Assert.Equal(2, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_folders WHERE path = 'OTHER'"));
        var all = await (await team.Admin.DeleteAsync(Jobs)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, (int)all["deletedCount"]!);
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(["controlm_job.deleted", "controlm.jobs_deleted", "controlm.jobs_deleted"],
            await sql.QueryAsync<string>("SELECT action FROM audit_log WHERE action LIKE 'controlm%deleted' ORDER BY sequence"));
    }

    [Fact]
    public async Task Dependencies_walk_conditions_and_flows_to_the_depth_asked_and_a_cycle_ends()
    {
        await using var team = await TeamInstance.StartAsync();
        // A → B → C by conditions, C → A closes a cycle; D follows C by a flow step.
        const string json = """
            {
              "CHAIN": { "Type": "Folder", "ControlmServer": "DC1",
                "A": { "Type": "Job:Dummy", "w": { "Type": "WaitForEvents", "Events": [ { "Event": "C-OK" } ] }, "p": { "Type": "AddEvents", "Events": [ { "Event": "A-OK" } ] } },
                "B": { "Type": "Job:Dummy", "w": { "Type": "WaitForEvents", "Events": [ { "Event": "A-OK" } ] }, "p": { "Type": "AddEvents", "Events": [ { "Event": "B-OK" } ] } },
                "C": { "Type": "Job:Dummy", "w": { "Type": "WaitForEvents", "Events": [ { "Event": "B-OK" } ] }, "p": { "Type": "AddEvents", "Events": [ { "Event": "C-OK" } ] } },
                "D": { "Type": "Job:Dummy" },
                "order": { "Type": "Flow", "Sequence": ["C", "D"] } }
            }
            """;
        await (await team.Admin.PostAsync($"{Jobs}/import", new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var a = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'A'");

        var both = await (await team.Admin.GetAsync($"{Jobs}/{a}/dependencies")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["B@1 A-OK", "C@2 B-OK", "D@3 flow"], both["successors"]!.AsArray().Select(d => $"{d!["jobName"]}@{d["depth"]} {d["condition"]}"));
        Assert.Equal(["C@1 C-OK", "B@2 B-OK"], both["predecessors"]!.AsArray().Select(d => $"{d!["jobName"]}@{d["depth"]} {d["condition"]}"));
        var near = await (await team.Admin.GetAsync($"{Jobs}/{a}/dependencies?depth=1&direction=successors")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["B"], near["successors"]!.AsArray().Select(d => (string?)d!["jobName"]));
        Assert.Null(near["predecessors"]);
        await (await team.Admin.GetAsync($"{Jobs}/{a}/dependencies?depth=0")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Jobs}/{a}/dependencies?direction=up")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Jobs}/{Guid.NewGuid()}/dependencies")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Script_suggestions_rank_the_memName_match_first_then_cmdLine_then_similar_names()
    {
        await using var team = await TeamInstance.StartAsync();
        foreach (var name in new[] { "extract.bat", "extract_full.bat", "load.bat", "unrelated.ps1" })
            await (await team.Admin.PostJson("/api/v1/scripts", new { name, content = "echo" })).ShouldBe(HttpStatusCode.Created);
        const string xml = "<DEFTABLE><FOLDER DATACENTER=\"DC1\" FOLDER_NAME=\"F\"><JOB JOBNAME=\"NIGHTLY\" MEMNAME=\"EXTRACT.BAT\" CMDLINE=\"call load.bat\" PARENT_FOLDER=\"F\"/></FOLDER></DEFTABLE>";
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(xml))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var job = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs");

        var suggestions = (await (await team.Admin.GetAsync($"{Jobs}/{job}/script-suggestions")).ShouldBe(HttpStatusCode.OK))["suggestions"]!.AsArray();
        Assert.Equal(["extract.bat memName 1", "load.bat cmdLine 0.8", "extract_full.bat similar"],
            suggestions.Select(s => $"{s!["script"]!["name"]} {s["matchType"]}" + ((string?)s["matchType"] == "similar" ? "" : $" {(double)s["confidence"]!}")));
        Assert.InRange((double)suggestions[2]!["confidence"]!, 0.28, 0.7);
        await (await team.Admin.GetAsync($"{Jobs}/{Guid.NewGuid()}/script-suggestions")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_unfiltered_total_follows_imports_creates_and_deletes()
    {
        await using var team = await TeamInstance.StartAsync();
        async Task<int> TotalAsync() => (int)(await (await team.Admin.GetAsync($"{Jobs}?pageSize=0")).ShouldBe(HttpStatusCode.OK))["meta"]!["total"]!;
        const string file = """
            <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="TOTALS">
              <JOB JOBNAME="A" PARENT_FOLDER="TOTALS" /><JOB JOBNAME="A" PARENT_FOLDER="TOTALS" /><JOB JOBNAME="B" PARENT_FOLDER="TOTALS" />
            </FOLDER><FOLDER DATACENTER="DC1" FOLDER_NAME="OTHER"><JOB JOBNAME="C" PARENT_FOLDER="OTHER" /></FOLDER></DEFTABLE>
            """;

        await (await team.Admin.PostAsync($"{Jobs}/import?dryRun=true", ImportJobsTests.Xml(file))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, await TotalAsync());
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(file))).ShouldBe(HttpStatusCode.OK);
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(file))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(4, await TotalAsync());
        var created = await (await team.Admin.PostJson(Jobs, new { jobName = "D", folder = "OTHER", datacenter = "DC1" })).ShouldBe(HttpStatusCode.Created);
        await (await team.Admin.DeleteAsync($"{Jobs}/{created["job"]!["id"]}")).ShouldBe(HttpStatusCode.NoContent);
        await (await team.Admin.DeleteAsync($"{Jobs}?folder=TOTALS&datacenter=DC1")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, await TotalAsync());
        await using var sql = await team.OpenAsync();
        Assert.Equal(await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_jobs"), await TotalAsync());
        Assert.Equal(0, (int)(await (await team.Admin.GetAsync($"{Jobs}?folder=TOTALS")).ShouldBe(HttpStatusCode.OK))["meta"]!["total"]!);
    }
}
