using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The dependency graph of the catalog through HTTP: its edges, external conditions, cycles, and its pictures.</summary>
public sealed class JobGraphTests
{
    const string Jobs = "/api/v1/controlm-jobs";

    /// <summary>
    /// GRAPH: A → B → C by conditions (B deletes what it consumed), A → R only when A fails (conditional), C waits for
    /// EXT-X that nobody posts; its sub-folder's S waits for C; OUTSIDE's O waits for C too. FLOW (JSON): F1 → F2.
    /// </summary>
    const string Catalog = """
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE>
          <FOLDER DATACENTER="DC1" FOLDER_NAME="GRAPH">
            <JOB JOBNAME="A" PARENT_FOLDER="GRAPH" APPLICATION="APP1">
              <OUTCOND NAME="A-OK" ODATE="ODAT" SIGN="+" />
              <ON STMT="*" CODE="NOTOK"><DOCOND NAME="A-FAILED" ODATE="ODAT" SIGN="ADD" /></ON>
            </JOB>
            <JOB JOBNAME="B" PARENT_FOLDER="GRAPH" APPLICATION="APP1">
              <INCOND NAME="A-OK" ODATE="ODAT" AND_OR="A" />
              <OUTCOND NAME="A-OK" ODATE="ODAT" SIGN="-" />
              <OUTCOND NAME="B-OK" ODATE="ODAT" SIGN="+" />
            </JOB>
            <JOB JOBNAME="C" PARENT_FOLDER="GRAPH" APPLICATION="APP2">
              <INCOND NAME="B-OK" ODATE="ODAT" AND_OR="A" />
              <INCOND NAME="EXT-X" ODATE="ODAT" AND_OR="A" />
              <OUTCOND NAME="C-OK" ODATE="ODAT" SIGN="+" />
            </JOB>
            <JOB JOBNAME="R" PARENT_FOLDER="GRAPH" APPLICATION="APP1"><INCOND NAME="A-FAILED" ODATE="ODAT" AND_OR="A" /></JOB>
            <SUB_FOLDER JOBNAME="SUB" PARENT_FOLDER="GRAPH" TASKTYPE="Sub-Table">
              <JOB JOBNAME="S" PARENT_FOLDER="GRAPH/SUB"><INCOND NAME="C-OK" ODATE="ODAT" AND_OR="A" /></JOB>
            </SUB_FOLDER>
          </FOLDER>
          <FOLDER DATACENTER="DC1" FOLDER_NAME="OUTSIDE">
            <JOB JOBNAME="O" PARENT_FOLDER="OUTSIDE"><INCOND NAME="C-OK" ODATE="ODAT" AND_OR="A" /></JOB>
          </FOLDER>
          <FOLDER DATACENTER="DC1" FOLDER_NAME="GRAPHITE">
            <JOB JOBNAME="G" PARENT_FOLDER="GRAPHITE" />
          </FOLDER>
        </DEFTABLE>
        """;

    const string Flow = """
        { "FLOW": { "Type": "Folder", "ControlmServer": "DC1",
            "F1": { "Type": "Job:Dummy" }, "F2": { "Type": "Job:Dummy" },
            "order": { "Type": "Flow", "Sequence": ["F1", "F2"] } } }
        """;

    static async Task<Dictionary<string, string>> IdsAsync(TeamInstance team)
    {
        await using var sql = await team.OpenAsync();
        return (await sql.QueryAsync<(string Name, string Id)>("SELECT job_name, id::text FROM controlm_jobs")).ToDictionary(r => r.Name, r => r.Id);
    }

    static async Task<TeamInstance> StartWithCatalogAsync()
    {
        var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(Catalog))).ShouldBe(HttpStatusCode.OK);
        await (await team.Admin.PostAsync($"{Jobs}/import", new StringContent(Flow, Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.OK);
        return team;
    }

    static List<string> Edges(JsonNode graph, Dictionary<string, string> ids)
    {
        var names = ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. graph["edges"]!.AsArray().Select(e => $"{names[(string)e!["from"]!]}->{names[(string)e["to"]!]} {(string?)e["condition"] ?? "-"} {e["kind"]}{((bool)e["crossDay"]! ? " crossDay" : "")}")];
    }

    [Fact]
    public async Task Edges_come_from_posted_conditions_and_flows_and_a_condition_nobody_posts_is_external()
    {
        await using var team = await StartWithCatalogAsync();
        var ids = await IdsAsync(team);

        // The literal route wins over /{id}: "graph" is not taken for a job id.
        var graph = await (await team.Admin.GetAsync($"{Jobs}/graph")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["F1->F2 - flow", "A->B A-OK condition", "A->R A-FAILED conditional", "B->C B-OK condition", "C->S C-OK condition", "C->O C-OK condition"],
            Edges(graph, ids));
        Assert.Equal(9, graph["nodes"]!.AsArray().Count);
        Assert.All(graph["nodes"]!.AsArray(), n => Assert.False((bool)n!["external"]!));
        var external = Assert.Single(graph["externalConditions"]!.AsArray())!;
        Assert.Equal(("EXT-X", "DC1"), ((string?)external["name"], (string?)external["datacenter"]));
        Assert.Equal([ids["C"]], external["consumers"]!.AsArray().Select(c => (string?)c));
        Assert.Empty(graph["cycles"]!.AsArray());
    }

    [Fact]
    public async Task A_folder_takes_its_sub_folders_and_its_neighbours_outside_come_as_external_nodes()
    {
        await using var team = await StartWithCatalogAsync();
        var ids = await IdsAsync(team);

        var graph = await (await team.Admin.GetAsync($"{Jobs}/graph?folder=GRAPH")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["GRAPH/A", "GRAPH/B", "GRAPH/C", "GRAPH/R", "GRAPH/SUB/S", "OUTSIDE/O external"],
            graph["nodes"]!.AsArray().Select(n => $"{n!["folder"]}/{n["jobName"]}{((bool)n["external"]! ? " external" : "")}"));
        Assert.Equal(["A->B A-OK condition", "A->R A-FAILED conditional", "B->C B-OK condition", "C->S C-OK condition", "C->O C-OK condition"], Edges(graph, ids));

        var application = await (await team.Admin.GetAsync($"{Jobs}/graph?folder=GRAPH&application=APP2&datacenter=DC1")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["C", "B external", "S external", "O external"],
            application["nodes"]!.AsArray().Select(n => $"{n!["jobName"]}{((bool)n["external"]! ? " external" : "")}"));
        var nothing = await (await team.Admin.GetAsync($"{Jobs}/graph?datacenter=DC9")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(nothing["nodes"]!.AsArray());
    }

    [Fact]
    public async Task A_cycle_is_reported_unless_one_of_its_edges_links_two_days()
    {
        await using var team = await TeamInstance.StartAsync();
        const string xml = """
            <DEFTABLE>
              <FOLDER DATACENTER="DC1" FOLDER_NAME="LOOP">
                <JOB JOBNAME="X" PARENT_FOLDER="LOOP"><INCOND NAME="Y-OK" ODATE="ODAT" AND_OR="A" /><OUTCOND NAME="X-OK" ODATE="ODAT" SIGN="+" /></JOB>
                <JOB JOBNAME="Y" PARENT_FOLDER="LOOP"><INCOND NAME="X-OK" ODATE="ODAT" AND_OR="A" /><OUTCOND NAME="Y-OK" ODATE="ODAT" SIGN="+" /></JOB>
              </FOLDER>
              <FOLDER DATACENTER="DC1" FOLDER_NAME="DAYS">
                <JOB JOBNAME="P" PARENT_FOLDER="DAYS"><INCOND NAME="Q-OK" ODATE="Prev" AND_OR="A" /><OUTCOND NAME="P-OK" ODATE="ODAT" SIGN="+" /></JOB>
                <JOB JOBNAME="Q" PARENT_FOLDER="DAYS"><INCOND NAME="P-OK" ODATE="ODAT" AND_OR="A" /><OUTCOND NAME="Q-OK" ODATE="ODAT" SIGN="+" /></JOB>
              </FOLDER>
            </DEFTABLE>
            """;
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(xml))).ShouldBe(HttpStatusCode.OK);
        var ids = await IdsAsync(team);

        var loop = await (await team.Admin.GetAsync($"{Jobs}/graph?folder=LOOP")).ShouldBe(HttpStatusCode.OK);
        var cycle = Assert.Single(loop["cycles"]!.AsArray())!;
        Assert.Equal([ids["X"], ids["Y"]], cycle.AsArray().Select(id => (string?)id));

        var days = await (await team.Admin.GetAsync($"{Jobs}/graph?folder=DAYS")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["P->Q P-OK condition", "Q->P Q-OK condition crossDay"], Edges(days, ids));
        Assert.Empty(days["cycles"]!.AsArray());
    }

    [Fact]
    public async Task Mermaid_and_dot_draw_a_box_per_folder_with_escaped_labels()
    {
        await using var team = await StartWithCatalogAsync();
        const string odd = """
            <DEFTABLE><FOLDER DATACENTER="DC1" FOLDER_NAME="ODD &quot;ONE&quot;">
              <JOB JOBNAME="LOAD &quot;Q&quot; [x] #1" PARENT_FOLDER="ODD &quot;ONE&quot;"><INCOND NAME="A-OK" ODATE="ODAT" AND_OR="A" /></JOB>
            </FOLDER></DEFTABLE>
            """;
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(odd))).ShouldBe(HttpStatusCode.OK);

        using var mermaid = await team.Admin.GetAsync($"{Jobs}/graph?format=mermaid");
        var text = (string)(await mermaid.ShouldBe(HttpStatusCode.OK))!;
        Assert.Equal("text/vnd.mermaid", mermaid.Content.Headers.ContentType?.MediaType);
        Assert.False(mermaid.Headers.Contains("X-Graph-Truncated"));
        Assert.StartsWith("flowchart LR\n", text, StringComparison.Ordinal);
        foreach (var folder in new[] { "GRAPH", "GRAPH/SUB", "OUTSIDE", "GRAPHITE", "FLOW", "ODD #34;ONE#34;" })
            Assert.Contains($"[\"{folder}\"]\n", text, StringComparison.Ordinal);
        Assert.Equal(6, text.Split('\n').Count(l => l.TrimStart().StartsWith("subgraph ", StringComparison.Ordinal)));
        Assert.Contains("[\"LOAD #34;Q#34; [x] #35;1\"]", text, StringComparison.Ordinal);
        Assert.Contains("{{\"EXT-X\"}}:::external", text, StringComparison.Ordinal);
        Assert.Matches(@"n\d+ -\.->\|""A-FAILED""\| n\d+", text);
        Assert.Matches(@"n\d+ -->\|""A-OK""\| n\d+", text);

        using var dot = await team.Admin.GetAsync($"{Jobs}/graph?format=dot&folder=ODD%20%22ONE%22");
        var graphviz = (string)(await dot.ShouldBe(HttpStatusCode.OK))!;
        Assert.Equal("text/vnd.graphviz", dot.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("digraph jobs {", graphviz, StringComparison.Ordinal);
        Assert.Contains("subgraph cluster_0 {\n    label=\"ODD \\\"ONE\\\"\";", graphviz, StringComparison.Ordinal);
        Assert.Contains("[label=\"LOAD \\\"Q\\\" [x] #1\"]", graphviz, StringComparison.Ordinal);
        Assert.Contains("label=\"GRAPH\"", graphviz, StringComparison.Ordinal);
        Assert.Matches(@"n\d+ -> n\d+ \[label=""A-OK""\];", graphviz);
    }

    [Fact]
    public async Task Mermaid_draws_at_most_500_links_and_says_what_it_left_out()
    {
        await using var team = await TeamInstance.StartAsync();
        var xml = new StringBuilder("<DEFTABLE><FOLDER DATACENTER=\"DC1\" FOLDER_NAME=\"BIG\">");
        xml.Append("<JOB JOBNAME=\"ROOT\" PARENT_FOLDER=\"BIG\"><OUTCOND NAME=\"ROOT-OK\" ODATE=\"ODAT\" SIGN=\"+\" /></JOB>");
        for (var i = 0; i < 520; i++)
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<JOB JOBNAME=\"LEAF{i:D3}\" PARENT_FOLDER=\"BIG\"><INCOND NAME=\"ROOT-OK\" ODATE=\"ODAT\" AND_OR=\"A\" /></JOB>");
        xml.Append("</FOLDER></DEFTABLE>");
        await (await team.Admin.PostAsync($"{Jobs}/import", ImportJobsTests.Xml(xml.ToString()))).ShouldBe(HttpStatusCode.OK);

        using var mermaid = await team.Admin.GetAsync($"{Jobs}/graph?format=mermaid&folder=BIG");
        var text = (string)(await mermaid.ShouldBe(HttpStatusCode.OK))!;
        Assert.Equal("true", Assert.Single(mermaid.Headers.GetValues("X-Graph-Truncated")));
        Assert.Contains("%% warning: 520 links, only the first 500 are drawn", text, StringComparison.Ordinal);
        Assert.Equal(500, text.Split('\n').Count(l => l.Contains("-->", StringComparison.Ordinal)));
        // The first 500 in the graph's order: the leaves by name.
        Assert.Contains("\"LEAF499\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"LEAF500\"", text, StringComparison.Ordinal);

        // JSON has no cap: every edge.
        var json = await (await team.Admin.GetAsync($"{Jobs}/graph?folder=BIG")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(520, json["edges"]!.AsArray().Count);
        using var dot = await team.Admin.GetAsync($"{Jobs}/graph?format=dot&folder=BIG");
        Assert.Equal(520, ((string)(await dot.ShouldBe(HttpStatusCode.OK))!).Split('\n').Count(l => l.Contains("->", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_and_the_graph_needs_controlm_read()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.GetAsync($"{Jobs}/graph?format=svg")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Api.CreateClient().GetAsync($"{Jobs}/graph")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var scripts = await team.SignInWithPermissionsAsync("script-reader", "scripts:read");
        await (await scripts.GetAsync($"{Jobs}/graph")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        var reader = await team.SignInWithPermissionsAsync("job-reader", "controlm:read");
        await (await reader.GetAsync($"{Jobs}/graph?format=dot")).ShouldBe(HttpStatusCode.OK);
    }
}
