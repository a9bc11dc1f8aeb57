using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The conditions inventory through HTTP: which conditions are posted, waited for, both, and by whom.</summary>
public sealed class ConditionsTests
{
    const string Conditions = "/api/v1/controlm-jobs/conditions";

    /// <summary>
    /// DC1: A posts READY (and deletes OLD, which makes OLD nobody's), B and C wait for READY — C twice, today's and
    /// yesterday's — and for NOTEXTX1, B for EXT_1, which nobody posts, and posts DONE that nobody waits for; A waits for DC2-ONLY, which
    /// only DC2's D posts. A condition is one name within one datacenter.
    /// </summary>
    const string Catalog = """
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE>
          <FOLDER DATACENTER="DC1" FOLDER_NAME="INV">
            <JOB JOBNAME="A" PARENT_FOLDER="INV">
              <INCOND NAME="DC2-ONLY" ODATE="ODAT" AND_OR="A" />
              <OUTCOND NAME="READY" ODATE="ODAT" SIGN="+" />
              <OUTCOND NAME="OLD" ODATE="ODAT" SIGN="-" />
            </JOB>
            <JOB JOBNAME="B" PARENT_FOLDER="INV">
              <INCOND NAME="READY" ODATE="ODAT" AND_OR="A" />
              <INCOND NAME="EXT_1" ODATE="ODAT" AND_OR="A" />
              <OUTCOND NAME="DONE" ODATE="ODAT" SIGN="+" />
            </JOB>
            <JOB JOBNAME="C" PARENT_FOLDER="INV">
              <INCOND NAME="READY" ODATE="ODAT" AND_OR="O" />
              <INCOND NAME="READY" ODATE="PREV" AND_OR="O" />
              <INCOND NAME="NOTEXTX1" ODATE="ODAT" AND_OR="A" />
            </JOB>
          </FOLDER>
          <FOLDER DATACENTER="DC2" FOLDER_NAME="INV2">
            <JOB JOBNAME="D" PARENT_FOLDER="INV2"><OUTCOND NAME="DC2-ONLY" ODATE="ODAT" SIGN="+" /></JOB>
          </FOLDER>
        </DEFTABLE>
        """;

    static async Task<TeamInstance> StartWithCatalogAsync()
    {
        var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync("/api/v1/controlm-jobs/import", ImportJobsTests.Xml(Catalog))).ShouldBe(HttpStatusCode.OK);
        return team;
    }

    static List<string> Summary(JsonNode page) =>
        [.. page["items"]!.AsArray().Select(c => $"{c!["name"]}@{c["datacenter"]} {c["kind"]} {c["producerCount"]}/{c["consumerCount"]}")];

    static List<string> Jobs(JsonNode condition, string side) =>
        [.. condition[side]!.AsArray().Select(j => $"{j!["folder"]}/{j["jobName"]}#{j["occurrence"]}")];

    [Fact]
    public async Task Every_condition_comes_once_per_datacenter_with_the_jobs_that_post_and_wait_for_it()
    {
        await using var team = await StartWithCatalogAsync();

        var page = await (await team.Admin.GetAsync(Conditions)).ShouldBe(HttpStatusCode.OK);

        // OLD is only deleted: no job posts or waits for it, so it is no condition of the inventory.
        Assert.Equal(["DC2-ONLY@DC1 external 0/1", "DC2-ONLY@DC2 unconsumed 1/0", "DONE@DC1 unconsumed 1/0", "EXT_1@DC1 external 0/1", "NOTEXTX1@DC1 external 0/1", "READY@DC1 internal 1/2"],
            Summary(page));
        Assert.Equal(6, (int)page["meta"]!["total"]!);
        var ready = page["items"]!.AsArray().Single(c => (string?)c!["name"] == "READY")!;
        Assert.Equal(["INV/A#1"], Jobs(ready, "producers"));
        Assert.Equal(["INV/B#1", "INV/C#1"], Jobs(ready, "consumers"));
        Assert.NotNull((string?)ready["producers"]![0]!["id"]);
    }

    [Fact]
    public async Task Kind_datacenter_search_and_paging_narrow_the_list()
    {
        await using var team = await StartWithCatalogAsync();

        Assert.Equal(["DC2-ONLY@DC1 external 0/1", "EXT_1@DC1 external 0/1", "NOTEXTX1@DC1 external 0/1"],
            Summary(await (await team.Admin.GetAsync($"{Conditions}?kind=external")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["DC2-ONLY@DC2 unconsumed 1/0", "DONE@DC1 unconsumed 1/0"],
            Summary(await (await team.Admin.GetAsync($"{Conditions}?kind=unconsumed")).ShouldBe(HttpStatusCode.OK)));
        Assert.Equal(["DC2-ONLY@DC2 unconsumed 1/0"],
            Summary(await (await team.Admin.GetAsync($"{Conditions}?datacenter=DC2")).ShouldBe(HttpStatusCode.OK)));
        // Case-insensitive, and `_` is a character here, not LIKE's wildcard (it would match NOTEXTX1 too).
        Assert.Equal(["EXT_1@DC1 external 0/1"],
            Summary(await (await team.Admin.GetAsync($"{Conditions}?search=ext_")).ShouldBe(HttpStatusCode.OK)));

        var second = await (await team.Admin.GetAsync($"{Conditions}?pageSize=2&page=2")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["DONE@DC1 unconsumed 1/0", "EXT_1@DC1 external 0/1"], Summary(second));
        Assert.Equal((6, true, true), ((int)second["meta"]!["total"]!, (bool)second["meta"]!["hasNextPage"]!, (bool)second["meta"]!["hasPreviousPage"]!));

        var past = await (await team.Admin.GetAsync($"{Conditions}?pageSize=20&page=9")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(past["items"]!.AsArray());
        Assert.Equal(6, (int)past["meta"]!["total"]!);
        var countOnly = await (await team.Admin.GetAsync($"{Conditions}?kind=external&pageSize=0")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 3), (countOnly["items"]!.AsArray().Count, (int)countOnly["meta"]!["total"]!));
    }

    [Fact]
    public async Task An_external_condition_is_internal_once_its_producer_is_imported()
    {
        await using var team = await StartWithCatalogAsync();
        const string producer = """
            <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="LATER">
              <JOB JOBNAME="P" PARENT_FOLDER="LATER"><OUTCOND NAME="EXT_1" ODATE="ODAT" SIGN="+" /></JOB>
            </FOLDER></DEFTABLE>
            """;
        await (await team.Admin.PostAsync("/api/v1/controlm-jobs/import", ImportJobsTests.Xml(producer))).ShouldBe(HttpStatusCode.OK);

        var page = await (await team.Admin.GetAsync($"{Conditions}?search=EXT_1")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["EXT_1@DC1 internal 1/1"], Summary(page));
        Assert.Equal(["LATER/P#1"], Jobs(page["items"]![0]!, "producers"));
        Assert.Equal(["DC2-ONLY@DC1 external 0/1", "NOTEXTX1@DC1 external 0/1"],
            Summary(await (await team.Admin.GetAsync($"{Conditions}?kind=external")).ShouldBe(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task A_condition_waited_for_by_many_jobs_counts_them_all_and_lists_the_first_hundred()
    {
        await using var team = await TeamInstance.StartAsync();
        var xml = new StringBuilder("<DEFTABLE><FOLDER DATACENTER=\"DC1\" FOLDER_NAME=\"WIDE\">");
        xml.Append("<JOB JOBNAME=\"START\" PARENT_FOLDER=\"WIDE\"><OUTCOND NAME=\"DAY-START\" ODATE=\"ODAT\" SIGN=\"+\" /></JOB>");
        for (var i = 0; i < 120; i++)
            xml.Append($"<JOB JOBNAME=\"W{i:000}\" PARENT_FOLDER=\"WIDE\"><INCOND NAME=\"DAY-START\" ODATE=\"ODAT\" AND_OR=\"A\" /></JOB>");
        xml.Append("</FOLDER></DEFTABLE>");
        await (await team.Admin.PostAsync("/api/v1/controlm-jobs/import", ImportJobsTests.Xml(xml.ToString()))).ShouldBe(HttpStatusCode.OK);

        var page = await (await team.Admin.GetAsync(Conditions)).ShouldBe(HttpStatusCode.OK);
        var start = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal(120, (int)start["consumerCount"]!);
        Assert.Equal([.. Enumerable.Range(0, 100).Select(i => $"WIDE/W{i:000}#1")], Jobs(start, "consumers"));
    }

    [Theory]
    [InlineData("kind=broken", "kind")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task A_bad_query_is_a_400_naming_it(string query, string field)
    {
        await using var team = await TeamInstance.StartAsync();
        var error = await (await team.Admin.GetAsync($"{Conditions}?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains(field, error.ToJsonString(), StringComparison.Ordinal);
    }
}
