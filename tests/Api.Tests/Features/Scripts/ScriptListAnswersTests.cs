using System.Net;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Features.ControlM;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Scripts;

/// <summary>
/// GET /scripts keeps each answer until the library changes (list_versions, V9): a page asked again comes from what
/// the instance kept, and any write — on this instance, another one, or straight into the database — is seen at once.
/// </summary>
public sealed class ScriptListAnswersTests
{
    const string Page = "/api/v1/scripts?sort=name&pageSize=50";

    static async Task<string> CreateAsync(HttpClient client, string name, string content) =>
        (string)(await (await client.PostJson("/api/v1/scripts", new { name, content })).ShouldBe(HttpStatusCode.Created))["script"]!["id"]!;

    [Fact]
    public async Task A_page_asked_again_is_the_kept_answer_until_the_library_changes()
    {
        await using var team = await TeamInstance.StartAsync();
        var id = await CreateAsync(team.Admin, "a.bat", "@echo off\r\n");
        var first = await (await team.Admin.GetAsync(Page)).Content.ReadAsStringAsync();

        // A write that raises no version (its trigger off) is not seen: the second answer is the kept one.
        await using (var sql = await team.OpenAsync())
            await sql.ExecuteAsync("""
                ALTER TABLE scripts DISABLE TRIGGER scripts_version;
                UPDATE scripts SET description = 'changed behind the version' WHERE id = @Id::uuid;
                ALTER TABLE scripts ENABLE TRIGGER scripts_version;
                """, new { Id = id });
        var again = await (await team.Admin.GetAsync(Page)).Content.ReadAsStringAsync();
        Assert.Equal(first, again);
        Assert.DoesNotContain("changed behind the version", again);

        // Any write that raises it is: here one straight into the database.
        await using (var sql = await team.OpenAsync())
            await sql.ExecuteAsync("UPDATE scripts SET description = 'changed in the open' WHERE id = @Id::uuid", new { Id = id });
        var after = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("changed in the open", (string?)after["items"]![0]!["description"]);
    }

    [Fact]
    public async Task Writes_on_another_instance_show_in_this_instances_pages_at_once()
    {
        await using var team = await TeamInstance.StartAsync();
        using var otherApi = await team.JoinAnotherInstanceAsync();
        var other = await otherApi.SignInTeamAsync();
        await team.Admin.GetAsync(Page); // kept, empty

        var map = await CreateAsync(other, "map.bat", "@echo off\r\nnet use S: \\\\fs01\\finance\r\n");
        var seen = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["map.bat"], seen["items"]!.AsArray().Select(s => (string?)s!["name"]));

        // A caller created later resolves map.bat's dependents (a references row on another script).
        await CreateAsync(other, "nightly.bat", "@echo off\r\ncall map.bat\r\n");
        seen = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["nightly.bat"], seen["items"]![0]!["dependents"]!.AsArray().Select(d => (string?)d!["name"]));

        // A job linked to it (controlm_jobs) shows in its linked jobs.
        await (await other.PostAsync("/api/v1/controlm-jobs/import", ImportJobsTests.Xml("""
            <?xml version="1.0" encoding="utf-8"?>
            <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="FIN"><JOB JOBNAME="FIN-MAP" MEMNAME="map.bat" TASKTYPE="Job" PARENT_FOLDER="FIN"/></FOLDER></DEFTABLE>
            """))).ShouldBe(HttpStatusCode.OK);
        await (await other.PostAsync("/api/v1/controlm-jobs/auto-link", null)).ShouldBe(HttpStatusCode.OK);
        seen = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["FIN-MAP"], seen["items"]![0]!["linkedJobs"]!.AsArray().Select(j => (string?)j!["jobName"]));

        // A tag given to it, then its deletion.
        await (await other.PatchAsync($"/api/v1/scripts/{map}", JsonContent(new { tags = new[] { "finance" }, version = 1 }))).ShouldBe(HttpStatusCode.OK);
        seen = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["finance"], seen["items"]![0]!["tags"]!.AsArray().Select(t => (string?)t!["name"]));
        await (await other.DeleteAsync($"/api/v1/scripts/{map}")).ShouldBe(HttpStatusCode.NoContent);
        seen = await (await team.Admin.GetAsync(Page)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["nightly.bat"], seen["items"]!.AsArray().Select(s => (string?)s!["name"]));
        Assert.Equal(1, (int)seen["meta"]!["total"]!);
    }

    static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Http.Json), System.Text.Encoding.UTF8, "application/json");
}
