using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The Control-M import through HTTP on a real shared database: one transaction, set-based merge, one audit entry.</summary>
public sealed class ImportJobsTests
{
    const string Import = "/api/v1/controlm-jobs/import";

    /// <summary>An EM 9 export as it comes out: a comment before the declaration, CRLF, a duplicated job name, a deleting sign.</summary>
    internal static string Export(string loadDescription = "load the ledger", bool withArchive = true) => string.Join("\r\n",
        "<!--Exported at 03-12-2026 06:00:01-->",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
        "<DEFTABLE xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"Folder.xsd\">",
        "  <FOLDER DATACENTER=\"DC1\" VERSION=\"920\" PLATFORM=\"UNIX\" FOLDER_NAME=\"FIN_EOD\" REAL_FOLDER_ID=\"12\">",
        "    <JOB JOBISN=\"0\" APPLICATION=\"FIN\" SUB_APPLICATION=\"EOD\" MEMNAME=\"extract.bat\" JOBNAME=\"FIN-EXTRACT\" DESCRIPTION=\"extract\"",
        "         RUN_AS=\"svc_fin\" PRIORITY=\"AA\" CRITICAL=\"1\" TASKTYPE=\"Job\" CYCLIC=\"0\" NODEID=\"winhost01\" MEMLIB=\"D:\\batch\"",
        "         TIMEFROM=\"\" DAYSCAL=\"WORKDAYS\" MAXRERUN=\"3\" PARENT_FOLDER=\"FIN_EOD\">",
        "      <OUTCOND NAME=\"FIN-EXTRACT-OK\" ODATE=\"ODAT\" SIGN=\"+\" />",
        "    </JOB>",
        $"    <JOB JOBISN=\"0\" APPLICATION=\"FIN\" JOBNAME=\"FIN-LOAD\" DESCRIPTION=\"{loadDescription}\" TASKTYPE=\"Command\" CMDLINE=\"cd D:\\fin &amp;&amp; load.bat\" PARENT_FOLDER=\"FIN_EOD\">",
        "      <INCOND NAME=\"FIN-EXTRACT-OK\" ODATE=\"ODAT\" AND_OR=\"A\" />",
        "      <INCOND NAME=\"GL-CLOSED\" ODATE=\"PREV\" AND_OR=\"A\" />",
        "      <OUTCOND NAME=\"FIN-EXTRACT-OK\" ODATE=\"ODAT\" SIGN=\"-\" />",
        "      <OUTCOND NAME=\"FIN-LOAD-OK\" ODATE=\"ODAT\" SIGN=\"+\" />",
        "    </JOB>",
        withArchive
            ? "    <JOB JOBISN=\"0\" APPLICATION=\"FIN\" JOBNAME=\"FIN-LOAD\" DESCRIPTION=\"archive the load\" TASKTYPE=\"Dummy\" PARENT_FOLDER=\"FIN_EOD\"></JOB>"
            : "",
        "  </FOLDER>",
        "</DEFTABLE>",
        "");

    internal static StringContent Xml(string text) => new(text, Encoding.UTF8, "application/xml");

    static async Task<int> CountAsync(TeamInstance team, string sql)
    {
        await using var connection = await team.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [Fact]
    public async Task An_export_is_imported_whole_with_its_conditions_and_an_unchanged_reimport_writes_no_job_row()
    {
        await using var team = await TeamInstance.StartAsync();
        var export = Export();

        var report = await (await team.Admin.PostAsync(Import, Xml(export))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((3, 0, 0, 0, "xml", "merge"), ((int)report["imported"]!, (int)report["updated"]!, (int)report["unchanged"]!, (int)report["removed"]!, (string?)report["format"], (string?)report["mode"]));
        Assert.Equal(3, (int)report["folders"]![0]!["jobs"]!);

        await using var sql = await team.OpenAsync();
        var jobs = (await sql.QueryAsync<(string Name, int Occurrence, string? Description, bool Critical)>(
            "SELECT job_name, occurrence, description, is_critical FROM controlm_jobs ORDER BY job_name, occurrence")).ToList();
        Assert.Equal([("FIN-EXTRACT", 1, "extract", true), ("FIN-LOAD", 1, "load the ledger", false), ("FIN-LOAD", 2, "archive the load", false)], jobs);
        Assert.Equal("cd D:\\fin && load.bat", await sql.ExecuteScalarAsync<string>("SELECT cmd_line FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 1"));
        Assert.Equal(["in FIN-EXTRACT-OK ODAT and", "in GL-CLOSED PREV and", "out FIN-EXTRACT-OK ODAT -", "out FIN-LOAD-OK ODAT +"],
            await sql.QueryAsync<string>("""
                SELECT c.direction || ' ' || c.name || ' ' || c.odate || ' ' || coalesce(c.sign, c.and_or)
                FROM controlm_conditions c JOIN controlm_jobs j ON j.id = c.job_id
                WHERE j.job_name = 'FIN-LOAD' AND j.occurrence = 1 ORDER BY c.ordinal
                """));
        Assert.Equal("3", await sql.ExecuteScalarAsync<string>("SELECT attributes->>'MAXRERUN' FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'"));
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM controlm_folders WHERE datacenter = 'DC1' AND path = 'FIN_EOD'"));
        var after = await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'controlm.imported'");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(export))), after);

        var rowVersions = await sql.ExecuteScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY id) FROM controlm_jobs");
        var again = await (await team.Admin.PostAsync(Import, Xml(export))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 0, 3), ((int)again["imported"]!, (int)again["updated"]!, (int)again["unchanged"]!));
        Assert.Equal(rowVersions, await sql.ExecuteScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY id) FROM controlm_jobs"));
        Assert.Equal(2, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));

        var changed = await (await team.Admin.PostAsync(Import, Xml(Export(loadDescription: "load the ledger twice")))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 1, 2), ((int)changed["imported"]!, (int)changed["updated"]!, (int)changed["unchanged"]!));
        Assert.Equal(2, await sql.ExecuteScalarAsync<int>("SELECT version FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 1"));
    }

    [Fact]
    public async Task A_file_that_breaks_at_its_last_job_is_a_400_with_its_line_and_writes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var broken = Export().Replace("</JOB>\r\n  </FOLDER>", "\r\n  </FOLDER>", StringComparison.Ordinal);

        var problem = await (await team.Admin.PostAsync(Import, Xml(broken))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        // The last job lost its end tag: the parser finds out at the folder's end tag, line 17, column 5.
        Assert.Equal("17:5", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));

        var dtd = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><DEFTABLE>&x;</DEFTABLE>";
        await (await team.Admin.PostAsync(Import, Xml(dtd))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Admin.PostAsync($"{Import}?mode=upsert", Xml(Export()))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_happen_and_writes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        var report = await (await team.Admin.PostAsync($"{Import}?dryRun=true", Xml(Export()))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((3, true), ((int)report["imported"]!, (bool)report["dryRun"]!));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_folders"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));
    }

    [Fact]
    public async Task Replace_removes_the_jobs_a_folder_no_longer_has_and_needs_controlm_delete()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync(Import, Xml(Export()))).ShouldBe(HttpStatusCode.OK);
        var importer = await team.SignInWithPermissionsAsync("importer", "controlm:read", "controlm:import");

        var refused = await (await importer.PostAsync($"{Import}?mode=replace", Xml(Export(withArchive: false)))).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("controlm:delete", (string?)refused["detail"]);
        var merged = await (await importer.PostAsync(Import, Xml(Export(withArchive: false)))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 2), ((int)merged["removed"]!, (int)merged["unchanged"]!));
        Assert.Equal(3, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));

        var replaced = await (await team.Admin.PostAsync($"{Import}?mode=replace", Xml(Export(withArchive: false)))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((1, 2), ((int)replaced["removed"]!, (int)replaced["unchanged"]!));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs WHERE job_name = 'FIN-LOAD' AND occurrence = 2"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_conditions c WHERE NOT EXISTS (SELECT 1 FROM controlm_jobs j WHERE j.id = c.job_id)"));
    }

    [Fact]
    public async Task Automation_api_json_and_csv_are_recognised_by_their_content()
    {
        await using var team = await TeamInstance.StartAsync();
        const string json = """
            {
              "OPS": { "Type": "Folder", "ControlmServer": "DC2", "Application": "OPS",
                "Backup": { "Type": "Job:Command", "Command": "backup.cmd", "Host": "h1", "RunAs": "svc",
                  "eventsToAdd": { "Type": "AddEvents", "Events": [ { "Event": "Backup-OK" } ] } },
                "Verify": { "Type": "Job:Script", "FileName": "verify.ps1", "FilePath": "D:\\ops", "Host": "h1", "RunAs": "svc",
                  "wait": { "Type": "WaitForEvents", "Events": [ { "Event": "Backup-OK" } ] } } }
            }
            """;
        var report = await (await team.Admin.PostAsync(Import, new StringContent(json, Encoding.UTF8, "application/octet-stream"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((2, "json"), ((int)report["imported"]!, (string?)report["format"]));
        Assert.Equal(["DC2 OPS Backup Command backup.cmd", "DC2 OPS Verify Job verify.ps1"], await QueryJobsAsync(team, "DC2"));

        const string csv = "JOB_NAME,APPLICATION,GROUP_NAME,MEMNAME,TASK_TYPE,NODE_ID,DESCRIPTION\r\nNIGHTLY,HR,PAY,pay.bat,Job,h2,\"pay, then \"\"close\"\"\"\r\n";
        report = await (await team.Admin.PostAsync(Import, new StringContent(csv, Encoding.UTF8, "text/csv"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((1, "csv"), ((int)report["imported"]!, (string?)report["format"]));
        Assert.Equal("pay, then \"close\"", await (await team.OpenAsync()).ExecuteScalarAsync<string>("SELECT description FROM controlm_jobs WHERE job_name = 'NIGHTLY'"));
    }

    [Fact]
    public async Task A_script_shows_the_jobs_linked_to_it_and_deleting_it_unlinks_them_with_an_audit_entry_each()
    {
        await using var team = await TeamInstance.StartAsync();
        var script = (await (await team.Admin.PostJson("/api/v1/scripts", new { name = "extract.bat", content = "echo extract" })).ShouldBe(HttpStatusCode.Created))["script"]!;
        await (await team.Admin.PostAsync(Import, Xml(Export()))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        // Linked here by hand: the link endpoints are not built yet; the column is the link they will write.
        var jobId = await sql.ExecuteScalarAsync<string>("UPDATE controlm_jobs SET script_id = @Id::uuid WHERE mem_name = 'extract.bat' RETURNING id::text", new { Id = (string)script["id"]! });

        var read = (await (await team.Admin.GetAsync($"/api/v1/scripts/{script["id"]}")).ShouldBe(HttpStatusCode.OK))["script"]!;
        var linked = read["linkedJobs"]!.AsArray().Single()!;
        Assert.Equal((jobId, "FIN-EXTRACT", "FIN_EOD", "FIN", "winhost01"), ((string?)linked["id"], (string?)linked["jobName"], (string?)linked["folder"], (string?)linked["application"], (string?)linked["nodeId"]));

        await (await team.Admin.DeleteAsync($"/api/v1/scripts/{script["id"]}")).ShouldBe(HttpStatusCode.NoContent);
        Assert.Null(await sql.ExecuteScalarAsync<string?>("SELECT script_id::text FROM controlm_jobs WHERE id = @Id::uuid", new { Id = jobId }));
        Assert.Equal(2, await sql.ExecuteScalarAsync<int>("SELECT version FROM controlm_jobs WHERE id = @Id::uuid", new { Id = jobId }));
        Assert.Equal(1, await sql.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'controlm_job.unlinked' AND resource_id = @Id", new { Id = jobId }));
        Assert.Contains(jobId!, await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'script.deleted'"));
    }

    /// <summary>A folder of <paramref name="jobs"/> jobs named J0…, each waiting for its predecessor's condition (CSV would do, XML is what exports are).</summary>
    static string Folder(string name, int jobs, string description) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DEFTABLE>\n" +
        $"<FOLDER DATACENTER=\"DC1\" FOLDER_NAME=\"{name}\">\n" +
        string.Concat(Enumerable.Range(0, jobs).Select(i =>
            $"<JOB JOBNAME=\"J{i}\" DESCRIPTION=\"{description}\" PARENT_FOLDER=\"{name}\">" +
            (i > 0 ? $"<INCOND NAME=\"{name}-J{i - 1}-OK\" ODATE=\"ODAT\" AND_OR=\"A\"/>" : "") +
            $"<OUTCOND NAME=\"{name}-J{i}-OK\" ODATE=\"ODAT\" SIGN=\"+\"/></JOB>\n")) +
        "</FOLDER>\n</DEFTABLE>\n";

    [Fact]
    public async Task Two_instances_importing_the_same_folders_at_once_each_commit_whole_and_never_duplicate_a_job()
    {
        await using var team = await TeamInstance.StartAsync();
        using var other = await team.JoinAnotherInstanceAsync();
        using var otherAdmin = await other.SignInTeamAsync();

        var results = await Task.WhenAll(
            team.Admin.PostAsync(Import, Xml(Folder("SHARED", 300, "from a"))),
            otherAdmin.PostAsync(Import, Xml(Folder("SHARED", 300, "from b"))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var reports = await Task.WhenAll(results.Select(r => r.ShouldBe(HttpStatusCode.OK)));
        // One went first and created the folder; the other then found every job changed.
        Assert.Equal([0, 300], reports.Select(r => (int)r["imported"]!).Order());
        Assert.Equal([0, 300], reports.Select(r => (int)r["updated"]!).Order());
        Assert.Equal(300, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(1, await CountAsync(team, "SELECT count(DISTINCT description) FROM controlm_jobs"));
        Assert.Equal(2 * 300 - 1, await CountAsync(team, "SELECT count(*) FROM controlm_conditions"));
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));
    }

    static async Task<List<string>> QueryJobsAsync(TeamInstance team, string datacenter)
    {
        await using var sql = await team.OpenAsync();
        return (await sql.QueryAsync<string>(
            "SELECT datacenter || ' ' || folder || ' ' || job_name || ' ' || task_type || ' ' || coalesce(cmd_line, mem_name) FROM controlm_jobs WHERE datacenter = @Datacenter ORDER BY job_name",
            new { Datacenter = datacenter })).AsList();
    }
}
