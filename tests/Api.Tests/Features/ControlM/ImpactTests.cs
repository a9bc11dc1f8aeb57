using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>GET /impact: from a share, a server, a script or a job to everything that breaks with it, each naming the step it was reached from.</summary>
public sealed class ImpactTests
{
    const string Impact = "/api/v1/impact";

    // map.bat maps the share; nightly.bat calls map.bat; FIN-NIGHTLY runs nightly.bat (memName); FIN-MAP names map.bat in
    // its command line; FIN-POST waits for FIN-NIGHTLY, FIN-REPORT for FIN-POST — two conditions away from the runner.
    const string Jobs = """
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="FIN">
          <JOB JOBNAME="FIN-NIGHTLY" MEMNAME="nightly.bat" TASKTYPE="Job" PARENT_FOLDER="FIN"><OUTCOND NAME="NIGHTLY-OK" ODATE="ODAT" SIGN="+"/></JOB>
          <JOB JOBNAME="FIN-POST" TASKTYPE="Dummy" PARENT_FOLDER="FIN"><INCOND NAME="NIGHTLY-OK" ODATE="ODAT" AND_OR="A"/><OUTCOND NAME="POST-OK" ODATE="ODAT" SIGN="+"/></JOB>
          <JOB JOBNAME="FIN-REPORT" TASKTYPE="Dummy" PARENT_FOLDER="FIN"><INCOND NAME="POST-OK" ODATE="ODAT" AND_OR="A"/></JOB>
          <JOB JOBNAME="FIN-MAP" TASKTYPE="Command" CMDLINE="cmd /c D:\ops\map.bat /q" PARENT_FOLDER="FIN"/>
          <JOB JOBNAME="FIN-OTHER" MEMNAME="other.bat" TASKTYPE="Job" PARENT_FOLDER="FIN"/>
        </FOLDER></DEFTABLE>
        """;

    static async Task<(TeamInstance Team, string MapId, string NightlyId)> StartAsync()
    {
        var team = await TeamInstance.StartAsync();
        async Task<string> ScriptAsync(string name, string content) =>
            (string)(await (await team.Admin.PostJson("/api/v1/scripts", new { name, content })).ShouldBe(HttpStatusCode.Created))["script"]!["id"]!;
        var map = await ScriptAsync("map.bat", "@echo off\r\nnet use S: \\\\fs01\\finance /persistent:no\r\n");
        var nightly = await ScriptAsync("nightly.bat", "@echo off\r\ncall map.bat\r\nrobocopy S:\\in D:\\work\r\n");
        await ScriptAsync("other.bat", "@echo off\r\nnet use T: \\\\fs02\\hr\r\n");
        await (await team.Admin.PostAsync("/api/v1/controlm-jobs/import", ImportJobsTests.Xml(Jobs))).ShouldBe(HttpStatusCode.OK);
        return (team, map, nightly);
    }

    static List<string> Names(System.Text.Json.Nodes.JsonNode body, string member, string name) =>
        [.. body[member]!.AsArray().Select(n => (string)n![name]!)];

    [Fact]
    public async Task A_share_reaches_its_scripts_their_dependents_the_jobs_running_them_and_the_jobs_downstream()
    {
        var (team, _, _) = await StartAsync();
        await using var _ = team;
        var body = await (await team.Admin.GetAsync($"{Impact}?networkPath={Uri.EscapeDataString(@"\\FS01\Finance")}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(("share", @"\\FS01\Finance"), ((string?)body["root"]!["kind"], (string?)body["root"]!["name"]));
        Assert.Equal([@"\\fs01\finance"], Names(body, "shares", "networkPath"));
        Assert.Equal(["map.bat", "nightly.bat"], Names(body, "scripts", "name"));
        Assert.Equal(["FIN-MAP cmdLine", "FIN-NIGHTLY memName"], body["jobs"]!.AsArray().Select(j => $"{j!["jobName"]} {j["via"]}"));
        Assert.Equal(["FIN-POST 1 NIGHTLY-OK", "FIN-REPORT 2 POST-OK"], body["downstreamJobs"]!.AsArray().Select(j => $"{j!["jobName"]} {j["depth"]} {j["condition"]}"));
        Assert.Equal((1, 2, 2, 2), ((int)body["counts"]!["shares"]!, (int)body["counts"]!["scripts"]!, (int)body["counts"]!["jobs"]!, (int)body["counts"]!["downstreamJobs"]!));

        // The path that leads to the report, followed through `from`: share → the script mapping it → its caller → the
        // job running that → two conditions. Every `from` names the root or another result of the same answer.
        var steps = new[] { "scripts", "jobs", "downstreamJobs" }.SelectMany(m => body[m]!.AsArray())
            .ToDictionary(r => ((string)r!["id"]!), r => r!);
        var path = new List<string>();
        var via = new List<string>();
        for (var step = body["downstreamJobs"]!.AsArray().Single(j => (string?)j!["jobName"] == "FIN-REPORT")!; ;)
        {
            path.Insert(0, (string?)step["jobName"] ?? (string)step["name"]!);
            via.Insert(0, (string)step["reachedBy"]!);
            var from = step["from"]!;
            if ((string?)from["id"] is not { } parent)
            {
                path.Insert(0, $"{from["kind"]} {from["name"]}");
                break;
            }
            step = steps[parent];
        }
        Assert.Equal([@"share \\FS01\Finance", "map.bat", "nightly.bat", "FIN-NIGHTLY", "FIN-POST", "FIN-REPORT"], path);
        Assert.Equal(["call map.bat (line 2)", "runs nightly.bat (memName)", "waits for NIGHTLY-OK", "waits for POST-OK"], via.Skip(1));
        Assert.Equal("FIN/FIN-POST", (string?)steps[(string)body["downstreamJobs"]![1]!["id"]!]["from"]!["name"]);

        // A server reaches the same through all its shares, whatever the case.
        var server = await (await team.Admin.GetAsync($"{Impact}?server=fs01")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["map.bat", "nightly.bat"], Names(server, "scripts", "name"));
        Assert.Equal(2, (int)server["counts"]!["downstreamJobs"]!);
        var none = await (await team.Admin.GetAsync($"{Impact}?server=fs01&share=nothing")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 0, 0), ((int)none["counts"]!["scripts"]!, (int)none["counts"]!["jobs"]!, (int)none["counts"]!["downstreamJobs"]!));
    }

    [Fact]
    public async Task A_script_or_a_job_is_a_root_too_and_the_walk_can_be_drawn()
    {
        var (team, _, nightlyId) = await StartAsync();
        await using var _ = team;
        var script = await (await team.Admin.GetAsync($"{Impact}?scriptId={nightlyId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["nightly.bat"], Names(script, "scripts", "name"));
        Assert.Equal(["FIN-NIGHTLY"], Names(script, "jobs", "jobName"));
        Assert.Equal(["FIN-POST", "FIN-REPORT"], Names(script, "downstreamJobs", "jobName"));

        await using var sql = await team.OpenAsync();
        var postId = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-POST'");
        var job = await (await team.Admin.GetAsync($"{Impact}?jobId={postId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("job", "FIN/FIN-POST"), ((string?)job["root"]!["kind"], (string?)job["root"]!["name"]));
        Assert.Empty(job["scripts"]!.AsArray());
        Assert.Equal(["FIN-REPORT"], Names(job, "downstreamJobs", "jobName"));

        var mermaid = await team.Admin.GetAsync($"{Impact}?networkPath={Uri.EscapeDataString(@"\\fs01\finance")}&format=mermaid");
        Assert.Equal(HttpStatusCode.OK, mermaid.StatusCode);
        Assert.Equal("text/vnd.mermaid", mermaid.Content.Headers.ContentType?.MediaType);
        var chart = await mermaid.Content.ReadAsStringAsync();
        Assert.StartsWith("flowchart LR\n", chart, StringComparison.Ordinal);
        Assert.Contains("n0([\"\\\\fs01\\finance\"])", chart, StringComparison.Ordinal);
        Assert.Contains("[[\"map.bat\"]]", chart, StringComparison.Ordinal);
        Assert.Equal(6, chart.Split('\n').Count(l => l.Contains("-->", StringComparison.Ordinal)));
        var dot = await (await team.Admin.GetAsync($"{Impact}?scriptId={nightlyId}&format=dot")).Content.ReadAsStringAsync();
        Assert.StartsWith("digraph impact {", dot, StringComparison.Ordinal);
        Assert.Contains("label=\"waits for POST-OK\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_named_wrong_is_a_400_one_that_does_not_exist_a_404_and_both_permissions_are_needed()
    {
        var (team, mapId, _) = await StartAsync();
        await using var _ = team;
        await (await team.Admin.GetAsync(Impact)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?server=fs01&scriptId={mapId}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?networkPath=fs01")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?share=finance")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?scriptId=x")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?scriptId={mapId}&format=png")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.GetAsync($"{Impact}?scriptId={Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.GetAsync($"{Impact}?jobId={Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");

        var jobsOnly = await team.SignInWithPermissionsAsync("jobs-only", "controlm:read");
        var refused = await (await jobsOnly.GetAsync($"{Impact}?server=fs01")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("scripts:read", (string?)refused["message"], StringComparison.Ordinal);
    }
}
