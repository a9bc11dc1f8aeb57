using System.Net;
using System.Net.Http.Json;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>Jobs written by hand: POST and PATCH, stored as an import stores the same definition, versioned and audited.</summary>
public sealed class EditJobsTests
{
    const string Jobs = "/api/v1/controlm-jobs";

    [Fact]
    public async Task A_job_created_as_the_original_client_sends_it_lands_in_its_application_folder_and_is_audited()
    {
        await using var team = await TeamInstance.StartAsync();
        var created = await team.Admin.PostJson(Jobs, new
        {
            jobName = "PAY-RUN", application = "PAYROLL", groupName = "MONTHLY", nodeId = "winhost02", owner = "svc_pay",
            memName = "payrun.bat", taskType = "Job", isCritical = true,
        });
        var job = (await created.ShouldBe(HttpStatusCode.Created))["job"]!;
        Assert.Equal(("PAYROLL", "", 1, "MONTHLY", "MONTHLY", "svc_pay", "svc_pay"),
            ((string?)job["folder"], (string?)job["datacenter"], (int)job["occurrence"]!, (string?)job["subApplication"],
             (string?)job["groupName"], (string?)job["runAs"], (string?)job["owner"]));
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal($"/api/v1/controlm-jobs/{job["id"]}", created.Headers.Location?.OriginalString);
        var read = (await (await team.Admin.GetAsync($"{Jobs}/{job["id"]}")).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(("PAY-RUN", true, true), ((string?)read["jobName"], (bool)read["isCritical"]!, (bool)read["isActive"]!));

        // Real folders repeat job names: a second create is the next occurrence; naming a taken one is a conflict.
        var second = (await (await team.Admin.PostJson(Jobs, new { jobName = "PAY-RUN", application = "PAYROLL" })).ShouldBe(HttpStatusCode.Created))["job"]!;
        Assert.Equal(2, (int)second["occurrence"]!);
        await (await team.Admin.PostJson(Jobs, new { jobName = "PAY-RUN", folder = "PAYROLL", occurrence = 1 })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        await using var sql = await team.OpenAsync();
        var audited = await sql.QueryAsync<(string Action, string After)>(
            "SELECT action, after::text FROM audit_log WHERE resource_type = 'controlm_job' ORDER BY sequence");
        Assert.Equal(["controlm_job.created", "controlm_job.created"], audited.Select(a => a.Action));
        Assert.Contains("\"memName\": \"payrun.bat\"", audited.First().After);
    }

    [Fact]
    public async Task Bad_input_is_a_400_on_the_member_and_writes_nothing()
    {
        await using var team = await TeamInstance.StartAsync();
        async Task BadAsync(object body, string member)
        {
            var problem = await (await team.Admin.PostJson(Jobs, body)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Contains(problem["errors"]!.AsArray(), e => string.Equals((string?)e!["field"], member, StringComparison.OrdinalIgnoreCase));
        }
        await BadAsync(new { application = "FIN" }, "jobName");
        await BadAsync(new { jobName = "X" }, "folder");
        await BadAsync(new { jobName = "X", folder = "A//B" }, "folder");
        await BadAsync(new { jobName = "X\u0001", folder = "A" }, "jobName");
        await BadAsync(new { jobName = "X", folder = "A", outConditions = new[] { new { name = "X-OK", sign = "maybe" } } }, "outConditions[0]");
        await BadAsync(new { jobName = "X", folder = "A", inConditions = new[] { new { name = "", andOr = "A" } } }, "inConditions[0]");
        await BadAsync(new { jobName = "X", folder = "A", linkedScriptId = "not-a-uuid" }, "linkedScriptId");
        await BadAsync(new { jobName = "X", folder = "A", linkedScriptId = Guid.NewGuid() }, "linkedScriptId");
        await BadAsync(new { jobName = "X", folder = "A", occurrence = 0 }, "occurrence");

        await using var sql = await team.OpenAsync();
        Assert.Equal(0, await sql.ExecuteScalarAsync<int>("SELECT count(*)::int FROM controlm_jobs"));
    }

    [Fact]
    public async Task Conditions_written_by_hand_make_edges_like_imported_ones()
    {
        await using var team = await TeamInstance.StartAsync();
        var producer = (await (await team.Admin.PostJson(Jobs, new
        {
            jobName = "A", folder = "F", datacenter = "DC1",
            outConditions = new object[] { new { name = "A-OK", sign = "ADD" }, new { name = "A-START", sign = "DEL" } },
        })).ShouldBe(HttpStatusCode.Created))["job"]!;
        var consumer = (await (await team.Admin.PostJson(Jobs, new
        {
            jobName = "B", folder = "F", datacenter = "DC1",
            inConditions = new object[] { new { name = "A-OK", odate = "ODAT", andOr = "A" }, new { name = "A-START", andOr = "O" } },
        })).ShouldBe(HttpStatusCode.Created))["job"]!;

        var b = (await (await team.Admin.GetAsync($"{Jobs}/{consumer["id"]}")).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(["A-OK ODAT and", "A-START  or"], b["inConditions"]!.AsArray().Select(c => $"{c!["name"]} {c["odate"]} {c["andOr"]}"));
        // The deleting sign is no edge: only A-OK links A to B.
        Assert.Equal([$"{producer["id"]} A-OK"], b["predecessors"]!.AsArray().Select(e => $"{e!["id"]} {e["condition"]}"));
    }

    [Fact]
    public async Task An_update_changes_the_members_sent_checks_the_version_and_a_change_back_matches_the_imported_file_again()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var id = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'");
        async Task<string> RowAsync() => await sql.ExecuteScalarAsync<string>($"SELECT xmin::text || '/' || version FROM controlm_jobs WHERE id = '{id}'") ?? "";
        async Task<int> AuditsAsync() => await sql.ExecuteScalarAsync<int>("SELECT count(*)::int FROM audit_log WHERE action = 'controlm_job.updated'");
        var untouched = await RowAsync();

        // Sending what the job already says writes nothing.
        var same = await team.Admin.PatchJson($"{Jobs}/{id}", new { description = "extract", owner = "svc_fin" });
        await same.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("\"1\"", same.Headers.ETag?.Tag);
        Assert.Equal((untouched, 0), (await RowAsync(), await AuditsAsync()));

        var changed = (await (await team.Admin.PatchJson($"{Jobs}/{id}", new { description = "extract the ledger", version = 1 })).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(("extract the ledger", 2, "3"), ((string?)changed["description"], (int)changed["version"]!, (string?)changed["attributes"]!["MAXRERUN"]));
        var audit = await sql.QuerySingleAsync<(string Before, string After)>("SELECT before::text, after::text FROM audit_log WHERE action = 'controlm_job.updated'");
        Assert.Equal(("{\"description\": \"extract\"}", "{\"description\": \"extract the ledger\"}"), audit);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"{Jobs}/{id}") { Content = JsonContent.Create(new { description = "x" }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        await (await team.Admin.SendAsync(stale)).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await (await team.Admin.PatchJson($"{Jobs}/{id}", new { description = "x", version = 1 })).ShouldBe(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await (await team.Admin.PatchJson($"{Jobs}/{Guid.NewGuid()}", new { description = "x" })).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await team.Admin.PatchJson($"{Jobs}/{id}", new { jobName = "" })).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        // Changed back by hand, the job is the file's definition again: the next import finds it unchanged.
        await (await team.Admin.PatchJson($"{Jobs}/{id}", new { description = "extract" })).ShouldBe(HttpStatusCode.OK);
        var reimport = await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 0, 3), ((int)reimport["imported"]!, (int)reimport["updated"]!, (int)reimport["unchanged"]!));
    }

    [Fact]
    public async Task Moving_a_job_takes_the_next_occurrence_there_and_an_update_links_and_unlinks_its_script()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(ImportJobsTests.Export()))).ShouldBe(HttpStatusCode.OK);
        await using var sql = await team.OpenAsync();
        var id = await sql.ExecuteScalarAsync<string>("SELECT id::text FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'");

        var renamed = (await (await team.Admin.PatchJson($"{Jobs}/{id}", new { jobName = "FIN-LOAD" })).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(("FIN-LOAD", 3), ((string?)renamed["jobName"], (int)renamed["occurrence"]!));
        await (await team.Admin.PatchJson($"{Jobs}/{id}", new { occurrence = 1 })).ShouldBe(HttpStatusCode.Conflict, "CONFLICT");

        var script = (await (await team.Admin.PostJson("/api/v1/scripts", new { name = "extract.bat", content = "@echo off\r\n" })).ShouldBe(HttpStatusCode.Created))["script"]!;
        var linked = (await (await team.Admin.PatchJson($"{Jobs}/{id}", new { linkedScriptId = script["id"] })).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal(("extract.bat", (string?)script["id"]), ((string?)linked["linkedScript"]!["name"], (string?)linked["linkedScriptId"]));
        // A body without linkedScriptId leaves the link; an explicit null clears it.
        var kept = (await (await team.Admin.PatchJson($"{Jobs}/{id}", new { priority = "AB" })).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Equal((string?)script["id"], (string?)kept["linkedScriptId"]);
        var unlinked = (await (await team.Admin.PatchJson($"{Jobs}/{id}", new { linkedScriptId = (string?)null })).ShouldBe(HttpStatusCode.OK))["job"]!;
        Assert.Null(unlinked["linkedScriptId"]);
        Assert.Equal(["{\"linkedScriptId\": null}"], await sql.QueryAsync<string>(
            $"SELECT after::text FROM audit_log WHERE resource_id = '{id}' AND action = 'controlm_job.updated' ORDER BY sequence DESC LIMIT 1"));
    }
}
