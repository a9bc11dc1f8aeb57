using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Dapper;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The Control-M export: a DEFTABLE or an Automation API file that the import reads back without a change.</summary>
public sealed class ExportJobsTests
{
    const string Import = "/api/v1/controlm-jobs/import";
    const string ExportUrl = "/api/v1/controlm-jobs/export";

    /// <summary>
    /// What real exports hold: a smart folder with its own conditions, ON/DOCOND and variable; nested sub-folders; a folder
    /// whose name sorts between a folder and its sub-folder in text order; an EM 6 table with aliases; duplicate names;
    /// every sign, AND_OR, brackets and ODATE form; a plain OUTCOND after an ON; unmodelled attributes and children;
    /// entities, quotes, newlines and non-ASCII in names and command lines.
    /// </summary>
    internal const string RichXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Folder.xsd">
          <SMART_FOLDER DATACENTER="DC1" FOLDER_NAME="TOP" JOBNAME="TOP" TASKTYPE="SMART Table" VERSION="920" PLATFORM="UNIX" FOLDER_ORDER_METHOD="SYSTEM">
            <INCOND NAME="START-TOP" ODATE="ODAT" AND_OR="A" />
            <ON STMT="*" CODE="NOTOK"><DOCOND NAME="TOP-FAILED" ODATE="ODAT" SIGN="ADD" /></ON>
            <OUTCOND NAME="TOP-DONE" ODATE="ODAT" SIGN="+" />
            <VARIABLE NAME="%%TOPVAR" VALUE="1" />
            <JOB JOBNAME="É-EXTRACT &amp; &lt;load&gt; &quot;q&quot;" APPLICATION="FIN" GROUP="EOD" SUB_APPLICATION="EOD2" MEMNAME="extract.bat" MEMLIB="D:\batch"
                 CMDLINE="cd &quot;C:\données&quot; &amp;&amp; run.bat &lt; in.txt | sort" DESCRIPTION="café &amp; thé" TASKTYPE="Command"
                 CYCLIC="1" INTERVAL="00015M" PRIORITY="AA" CRITICAL="1" NODEID="winhost01" RUN_AS="svc_fin" DAYSCAL="WORKDAYS" WEEKSCAL=""
                 TIMEFROM="" TIMETO="&gt;" MAXRERUN="3" JOBISN="0" CREATION_DATE="20190107" PARENT_FOLDER="TOP">
              <INCOND NAME="A" ODATE="PREV" AND_OR="A" OP="(" />
              <INCOND NAME="B" ODATE="NEXT" AND_OR="O" OP=")" />
              <INCOND NAME="C" ODATE="STAT" AND_OR="A" />
              <INCOND NAME="D" ODATE="****" />
              <INCOND NAME="E&amp;é" ODATE="0101" AND_OR="OR" />
              <OUTCOND NAME="A" ODATE="PREV" SIGN="-" />
              <ON STMT="*" CODE="OK"><DOCOND NAME="COND-OK" ODATE="ODAT" SIGN="+" /><DOCOND NAME="B" ODATE="$$$$" SIGN="DEL" /><DOACTION ACTION="OK" /></ON>
              <OUTCOND NAME="EXTRACT-OK" ODATE="ODAT" SIGN="ADD" />
              <VARIABLE NAME="%%PARM1" VALUE="a &amp; b" />
              <AUTOEDIT2 NAME="%%PARM2" VALUE="é" />
              <SHOUT WHEN="NOTOK" URGENCY="R" DEST="ops" MESSAGE="failed &quot;x&quot;&#xA;line2" />
              <QUANTITATIVE NAME="CPU" QUANT="1" />
              <RULE_BASED_CALENDARS NAME="*" />
            </JOB>
            <JOB JOBNAME="DUP" TASKTYPE="Dummy" CYCLIC="0" INTERVAL="00001M" PARENT_FOLDER="TOP" />
            <JOB JOBNAME="DUP" TASKTYPE="Dummy" DESCRIPTION="second" PARENT_FOLDER="TOP"></JOB>
            <SUB_FOLDER JOBNAME="SUB" PARENT_FOLDER="TOP" TASKTYPE="Sub-Table" DATACENTER="DC1">
              <INCOND NAME="SUB-START" ODATE="ODAT" AND_OR="A" />
              <JOB JOBNAME="SUBJOB" TASKTYPE="Job" MEMNAME="sub.sh" PARENT_FOLDER="TOP/SUB">
                <INCOND NAME="EXTRACT-OK" ODATE="ODAT" AND_OR="A" />
              </JOB>
              <SUB_FOLDER JOBNAME="DEEP" PARENT_FOLDER="TOP/SUB" TASKTYPE="Sub-Table">
                <JOB JOBNAME="DEEPJOB" TASKTYPE="Job" PARENT_FOLDER="TOP/SUB/DEEP" />
              </SUB_FOLDER>
            </SUB_FOLDER>
          </SMART_FOLDER>
          <FOLDER DATACENTER="DC1" FOLDER_NAME="TOP-2" VERSION="920">
            <JOB JOBNAME="T2" TASKTYPE="Job" PARENT_FOLDER="TOP-2" />
          </FOLDER>
          <TABLE DATACENTER="DC2" TABLE_NAME="OLD" FOLDER_NAME="">
            <JOB JOBNAME="J" OWNER="u1" RUN_AS="u2" FILE_NAME="x.jcl" PARENT_TABLE="OLD">
              <AUTOEDIT EXP="%%X=1" />
            </JOB>
          </TABLE>
        </DEFTABLE>
        """;

    /// <summary>
    /// An Automation API file: keyed jobs and a Jobs array with a duplicate, a sub-folder, a SimpleFolder, brackets and OR
    /// tokens, every OrderDate, add, delete and If events, a Flow, When, Rerun, Variables, numbers and nested objects.
    /// </summary>
    internal const string RichJson = """
        {
          "FIN": { "Type": "Folder", "ControlmServer": "DC3", "Application": "FIN", "OrderMethod": "Manual", "Comment": "café",
            "Extract": { "Type": "Job:Command", "Command": "cd \"C:\\données\" && run.bat < in & out", "Host": "h1", "RunAs": "svc",
              "Description": "é & <x>", "Priority": "AA", "Critical": true, "MaxRerun": 3, "Meta": { "b": 1, "a": [1, 2.50, "x"] },
              "When": { "FromTime": "0600", "ToTime": "2200", "WeekDays": ["MON", "TUE"] },
              "Rerun": { "Every": "15", "Units": "Minutes" },
              "Variables": [ { "PARM1": "a & b" }, { "%%PARM2": "é" } ],
              "wait": { "Type": "WaitForEvents", "Events": [ "(", { "Event": "A", "OrderDate": "PreviousOrderDate" }, "OR", { "Event": "B", "OrderDate": "NextOrderDate" }, ")",
                { "Event": "C", "OrderDate": "NoDate" }, { "Event": "D", "OrderDate": "AnyDate" }, { "Event": "E", "OrderDate": "0101" }, { "Event": "F" } ] },
              "IfFailed": { "Type": "If:CompletionStatus", "CompletionStatus": "NOTOK",
                "Post": { "Type": "Action:AddEvents", "Events": [ { "Event": "Extract-Failed", "OrderDate": "OrderDate" } ] } },
              "del": { "Type": "DeleteEvents", "Events": [ { "Event": "A", "OrderDate": "PreviousOrderDate" } ] },
              "add": { "Type": "AddEvents", "Events": [ { "Event": "Extract-OK", "OrderDate": "OrderDate" } ] } },
            "Load": { "Type": "Job:Script", "FileName": "load.ps1", "FilePath": "D:\\fin", "Enabled": false },
            "Jobs": [ { "Name": "Twice", "Type": "Job:Dummy" }, { "Name": "Twice", "Type": "Job:Dummy", "Description": "second" } ],
            "Order": { "Type": "Flow", "Sequence": ["Extract", "Load", "Twice"] },
            "Sub": { "Type": "SubFolder", "RunAs": "subuser",
              "Inner": { "Type": "Job:EmbeddedScript", "Script": "echo é\necho 2", "FileName": "inner.sh" } } },
          "Simple": { "Type": "SimpleFolder", "ControlmServer": "DC3",
            "One": { "Type": "Job:Command", "Command": "one.cmd" } },
          "Profile": { "Type": "ConnectionProfile:Database", "Host": "db" }
        }
        """;

    static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    static async Task<JsonNode> ImportAsync(HttpClient client, HttpContent content) =>
        await (await client.PostAsync(Import, content)).ShouldBe(HttpStatusCode.OK);

    static async Task<(string Body, HttpResponseMessage Response)> ExportAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"{ExportUrl}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response);
    }

    static async Task<string> RowVersionsAsync(TeamInstance team, string table)
    {
        await using var sql = await team.OpenAsync();
        return await sql.ExecuteScalarAsync<string>($"SELECT coalesce(string_agg(xmin::text, ',' ORDER BY id), '') FROM {table}") ?? "";
    }

    static (int Imported, int Updated, int Unchanged) Counts(JsonNode report) =>
        ((int)report["imported"]!, (int)report["updated"]!, (int)report["unchanged"]!);

    [Fact]
    public async Task An_xml_export_is_well_formed_and_its_reimport_changes_no_job_and_no_folder()
    {
        await using var team = await TeamInstance.StartAsync();
        Assert.Equal((7, 0, 0), Counts(await ImportAsync(team.Admin, ImportJobsTests.Xml(RichXml))));
        Assert.Equal((3, 0, 0), Counts(await ImportAsync(team.Admin, ImportJobsTests.Xml(ImportJobsTests.Export()))));
        var jobs = await RowVersionsAsync(team, "controlm_jobs");
        var folders = await RowVersionsAsync(team, "controlm_folders");

        var (xml, response) = await ExportAsync(team.Admin, "format=xml");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=controlm-jobs.xml", response.Content.Headers.ContentDisposition?.ToString());
        var document = XDocument.Parse(xml);
        Assert.Equal("utf-8", document.Declaration?.Encoding, ignoreCase: true);
        Assert.Equal(["DC1/FIN_EOD", "DC1/TOP", "DC1/TOP-2", "DC2/OLD"],
            document.Root!.Elements().Select(e => $"{(string?)e.Attribute("DATACENTER")}/{new[] { "FOLDER_NAME", "TABLE_NAME" }.Select(a => (string?)e.Attribute(a)).First(n => !string.IsNullOrEmpty(n))}"));
        var deep = document.Descendants("SUB_FOLDER").Single(e => (string?)e.Attribute("JOBNAME") == "DEEP");
        Assert.Equal("TOP/SUB", (string?)deep.Attribute("PARENT_FOLDER"));
        var extract = document.Descendants("JOB").Single(e => ((string?)e.Attribute("JOBNAME"))!.StartsWith('É'));
        Assert.Equal("cd \"C:\\données\" && run.bat < in.txt | sort", (string?)extract.Attribute("CMDLINE"));
        Assert.Equal("failed \"x\"\nline2", (string?)extract.Element("SHOUT")!.Attribute("MESSAGE"));
        Assert.Equal(["+ COND-OK", "DEL B"], extract.Element("ON")!.Elements("DOCOND").Select(d => $"{(string?)d.Attribute("SIGN")} {(string?)d.Attribute("NAME")}"));

        var again = await ImportAsync(team.Admin, ImportJobsTests.Xml(xml));
        Assert.Equal((0, 0, 10), Counts(again));
        Assert.Equal(jobs, await RowVersionsAsync(team, "controlm_jobs"));
        Assert.Equal(folders, await RowVersionsAsync(team, "controlm_folders"));
        Assert.Equal(xml, (await ExportAsync(team.Admin, "format=xml")).Body);
    }

    [Fact]
    public async Task A_json_export_is_valid_and_its_reimport_changes_no_job_no_folder_and_no_flow()
    {
        await using var team = await TeamInstance.StartAsync();
        Assert.Equal((6, 0, 0), Counts(await ImportAsync(team.Admin, Json(RichJson))));
        var jobs = await RowVersionsAsync(team, "controlm_jobs");
        var folders = await RowVersionsAsync(team, "controlm_folders");
        await using var sql = await team.OpenAsync();
        const string FlowsSql = "SELECT string_agg(folder || ':' || from_name || '>' || to_name || ':' || xmin::text, ',' ORDER BY folder, from_name, to_name) FROM controlm_flow_edges";
        var flows = await sql.ExecuteScalarAsync<string>(FlowsSql);

        var (json, response) = await ExportAsync(team.Admin, "format=json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=controlm-jobs.json", response.Content.Headers.ContentDisposition?.ToString());
        var document = JsonNode.Parse(json)!;
        Assert.Equal(["FIN", "Simple"], document.AsObject().Select(p => p.Key));
        Assert.Equal(("Folder", "DC3", "SubFolder"), ((string?)document["FIN"]!["Type"], (string?)document["FIN"]!["ControlmServer"], (string?)document["FIN"]!["Sub"]!["Type"]));
        var extract = document["FIN"]!["Jobs"]!.AsArray().Single(j => (string?)j!["Name"] == "Extract")!;
        Assert.Equal("Job:Command", (string?)extract["Type"]);
        Assert.Equal(["(", "A", "OR", "B", ")", "C", "D", "E", "F"],
            extract["eventsToWaitFor"]!["Events"]!.AsArray().Select(e => e is JsonValue ? (string?)e : (string?)e!["Event"]));
        Assert.Contains("é & <x>", json, StringComparison.Ordinal);

        Assert.Equal((0, 0, 6), Counts(await ImportAsync(team.Admin, Json(json))));
        Assert.Equal(jobs, await RowVersionsAsync(team, "controlm_jobs"));
        Assert.Equal(folders, await RowVersionsAsync(team, "controlm_folders"));
        Assert.Equal(flows, await sql.ExecuteScalarAsync<string>(FlowsSql));
    }

    [Fact]
    public async Task An_xml_import_exported_as_json_keeps_its_jobs_conditions_and_variables_and_then_round_trips_exactly()
    {
        await using var team = await TeamInstance.StartAsync();
        await ImportAsync(team.Admin, ImportJobsTests.Xml(RichXml));
        await using var sql = await team.OpenAsync();
        const string ModelSql = """
            SELECT string_agg(j.datacenter || '/' || j.folder || '/' || j.job_name || '#' || j.occurrence || ' ' || coalesce(j.cmd_line, '-') || ' '
                   || j.variables::text || ' ' || coalesce((SELECT string_agg(c.direction || c.name || coalesce(c.odate, '') || coalesce(c.sign, c.and_or)
                   || coalesce(c.bracket, '') || c.conditional::text, ';' ORDER BY c.ordinal) FROM controlm_conditions c WHERE c.job_id = j.id), ''),
                   E'\n' ORDER BY j.datacenter, j.folder, j.job_name, j.occurrence)
            FROM controlm_jobs j
            """;
        var model = await sql.ExecuteScalarAsync<string>(ModelSql);

        var json = (await ExportAsync(team.Admin, "format=json")).Body;
        var crossed = await ImportAsync(team.Admin, Json(json));
        Assert.Equal(0, (int)crossed["imported"]!);
        var sets = await sql.QueryAsync<string>("SELECT direction || ' ' || name || ' ' || coalesce(sign, and_or) || ' ' || conditional::text FROM controlm_conditions ORDER BY 1");
        Assert.Contains("out COND-OK + true", sets);
        Assert.Contains("in B or false", sets);
        Assert.Equal(model!.Split('\n').Select(l => l.Split(' ')[0]), (await sql.ExecuteScalarAsync<string>(ModelSql))!.Split('\n').Select(l => l.Split(' ')[0]));

        var jobs = await RowVersionsAsync(team, "controlm_jobs");
        var again = (await ExportAsync(team.Admin, "format=json")).Body;
        Assert.Equal((0, 0, 7), Counts(await ImportAsync(team.Admin, Json(again))));
        Assert.Equal(jobs, await RowVersionsAsync(team, "controlm_jobs"));
    }

    [Fact]
    public async Task The_folder_filter_exports_a_folder_with_its_sub_folders_inside_its_ancestors_and_the_datacenter_filter_one_server()
    {
        await using var team = await TeamInstance.StartAsync();
        await ImportAsync(team.Admin, ImportJobsTests.Xml(RichXml));
        var jobs = await RowVersionsAsync(team, "controlm_jobs");
        var folders = await RowVersionsAsync(team, "controlm_folders");

        var sub = XDocument.Parse((await ExportAsync(team.Admin, "format=xml&folder=TOP/SUB")).Body);
        Assert.Equal(["SUBJOB", "DEEPJOB"], sub.Descendants("JOB").Select(j => (string?)j.Attribute("JOBNAME")));
        Assert.Equal("TOP", (string?)sub.Root!.Elements().Single().Attribute("FOLDER_NAME"));
        Assert.Equal((0, 0, 2), Counts(await ImportAsync(team.Admin, ImportJobsTests.Xml(sub.Declaration + sub.ToString()))));
        Assert.Equal(jobs, await RowVersionsAsync(team, "controlm_jobs"));
        Assert.Equal(folders, await RowVersionsAsync(team, "controlm_folders"));

        var top = XDocument.Parse((await ExportAsync(team.Admin, "format=xml&folder=TOP")).Body);
        Assert.Equal(5, top.Descendants("JOB").Count());
        Assert.DoesNotContain(top.Descendants("JOB"), j => (string?)j.Attribute("JOBNAME") == "T2");

        var server = JsonNode.Parse((await ExportAsync(team.Admin, "format=json&datacenter=DC2")).Body)!;
        Assert.Equal(["OLD"], server.AsObject().Select(p => p.Key));
        Assert.Equal(("J", "u1", "x.jcl"), ((string?)server["OLD"]!["Jobs"]![0]!["Name"], (string?)server["OLD"]!["Jobs"]![0]!["RunAs"], (string?)server["OLD"]!["Jobs"]![0]!["FileName"]));
    }

    [Fact]
    public async Task An_empty_catalog_exports_an_empty_deftable_and_an_empty_object()
    {
        await using var team = await TeamInstance.StartAsync();
        var xml = XDocument.Parse((await ExportAsync(team.Admin, "format=xml")).Body);
        Assert.Equal(("DEFTABLE", 0), (xml.Root!.Name.LocalName, xml.Root.Elements().Count()));
        using var json = JsonDocument.Parse((await ExportAsync(team.Admin, "format=json")).Body);
        Assert.Equal((JsonValueKind.Object, 0), (json.RootElement.ValueKind, json.RootElement.EnumerateObject().Count()));
    }

    [Fact]
    public async Task An_unknown_format_is_a_validation_error_and_the_export_needs_a_signed_in_caller_with_controlm_read()
    {
        await using var team = await TeamInstance.StartAsync();
        var refused = await (await team.Admin.GetAsync($"{ExportUrl}?format=csv")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("format", (string?)refused["errors"]![0]!["field"]);
        await (await team.Admin.GetAsync(ExportUrl)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await team.Api.CreateClient().GetAsync($"{ExportUrl}?format=xml")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var scripts = await team.SignInWithPermissionsAsync("scripts-only", "scripts:read");
        await (await scripts.GetAsync($"{ExportUrl}?format=xml")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var reader = await team.SignInWithPermissionsAsync("catalog-reader", "controlm:read");
        await ExportAsync(reader, "format=json");
    }
}
