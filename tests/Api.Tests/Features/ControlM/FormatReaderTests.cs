using System.Text;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The three readers on the dialects and traps of controlm-formats.md, written as real exports write them.</summary>
public sealed class FormatReaderTests
{
    static async Task<List<ControlMItem>> Read(string text, ControlMFormat format, ControlMReaderOptions? options = null, Encoding? encoding = null) =>
        await ReadBytes((encoding ?? new UTF8Encoding(false)).GetBytes(text), format, options);

    static async Task<List<ControlMItem>> ReadBytes(byte[] bytes, ControlMFormat format, ControlMReaderOptions? options = null)
    {
        var items = new List<ControlMItem>();
        await foreach (var item in ControlMReader.ReadAsync(new MemoryStream(bytes), format, options))
            items.Add(item);
        return items;
    }

    static async Task<List<JobDefinition>> Jobs(string text, ControlMFormat format, ControlMReaderOptions? options = null) =>
        [.. (await Read(text, format, options)).OfType<JobDefinition>()];

    static async Task<ControlMFormatException> Refused(string text, ControlMFormat format) =>
        await Assert.ThrowsAsync<ControlMFormatException>(() => Read(text, format));

    static string In(InCondition c) => $"{c.Name}|{c.Odate ?? "-"}|{c.AndOr}|{c.Bracket ?? "-"}";
    static string Out(OutCondition c) => $"{c.Name}|{c.Odate ?? "-"}|{c.Sign}{(c.Conditional ? "|if" : "")}";

    /// <summary>Every modelled field and condition of a job, for comparing the same job read from two formats.</summary>
    static string Modelled(JobDefinition j) => string.Join(" ; ",
        j.Datacenter, j.FolderPath, j.JobName, j.Occurrence, j.Application, j.SubApplication, j.MemName, j.MemLib, j.NodeId, j.RunAs,
        j.TaskType, j.CmdLine, j.Description, j.IsCyclic, j.Interval, j.Priority, j.IsCritical, j.DaysCalendar, j.WeeksCalendar,
        j.FromTime, j.ToTime, j.IsActive, string.Join(",", j.InConditions.Select(In)), string.Join(",", j.OutConditions.Select(Out)),
        string.Join(",", j.Variables.Select(v => $"{v.Name}={v.Value}")));

    static string Xml(string body, string job = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Folder.xsd">
            <FOLDER DATACENTER="ctm1" FOLDER_NAME="F1">
                <JOB JOBNAME="J1" PARENT_FOLDER="F1" TASKTYPE="Job" {job}>
                    {body}
                </JOB>
            </FOLDER>
        </DEFTABLE>
        """;

    const string V9Export = """
        <!--Exported at 07-01-2019 18:40:40-->
        <?xml version="1.0" encoding="utf-8"?>
        <!--Exported at 07-01-2019 18:40:40-->
        <DEFTABLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Folder.xsd">
            <WORKSPACE NAME="ws1" />
            <FOLDER DATACENTER="ctm-prod" VERSION="920" PLATFORM="UNIX" FOLDER_NAME="FIN_DAILY" FOLDER_ORDER_METHOD="SYSTEM" LAST_UPLOAD="20190107184040UTC">
                <JOB
                    JOBISN="0"
                    APPLICATION="FIN"
                    SUB_APPLICATION="GL"
                    MEMNAME="run_eod.bat"
                    JOBNAME="FIN_EOD"
                    DESCRIPTION="End of day &quot;GL&quot; &amp; reconciliation &lt;daily&gt; > ok"
                    CREATED_BY="emuser"
                    RUN_AS="svc_fin"
                    CRITICAL="1"
                    TASKTYPE="Job"
                    CYCLIC="0"
                    NODEID="fin-agents"
                    INTERVAL="00001M"
                    MEMLIB="C:\Jobs\Fin"
                    CONFIRM="0"
                    DAYSCAL="WORKDAYS"
                    TIMEFROM="1900"
                    TIMETO=""
                    PRIORITY="AA"
                    PARENT_FOLDER="FIN_DAILY"
                    INSTREAM_JCL="line1&#xA;line2">
                    <VARIABLE NAME="%%TARGET" VALUE="gl" />
                    <INCOND NAME="FIN_LOAD-TO-FIN_EOD" ODATE="ODAT" AND_OR="A"></INCOND>
                    <OUTCOND NAME="FIN_LOAD-TO-FIN_EOD" ODATE="ODAT" SIGN="-" />
                    <OUTCOND NAME="FIN_EOD-OK" ODATE="ODAT" SIGN="+" />
                </JOB>
                <JOB JOBNAME="FIN_PURGE" TASKTYPE="Command" CMDLINE="cd C:\x &amp;&amp; purge.bat `date` %%ODATE | tee" CYCLIC="1" INTERVAL="00015M" PARENT_FOLDER="FIN_DAILY" />
            </FOLDER>
            <SMART_FOLDER DATACENTER="ctm-prod" FOLDER_NAME="TOP" JOBNAME="TOP" TASKTYPE="SMART Table" CREATED_BY="emuser">
                <INCOND NAME="FIN_EOD-OK" ODATE="ODAT" AND_OR="A" />
                <OUTCOND NAME="TOP-DONE" ODATE="ODAT" SIGN="+" />
                <SUB_FOLDER JOBNAME="SUB" PARENT_FOLDER="TOP" TASKTYPE="Sub-Table">
                    <JOB JOBNAME="S1" PARENT_FOLDER="TOP/SUB" TASKTYPE="Dummy" />
                    <SUB_FOLDER JOBNAME="SUBSUB" PARENT_FOLDER="TOP/SUB" TASKTYPE="Sub-Table">
                        <JOB JOBNAME="S2" PARENT_FOLDER="TOP/SUB/SUBSUB" TASKTYPE="Dummy" />
                    </SUB_FOLDER>
                </SUB_FOLDER>
                <JOB JOBNAME="T1" PARENT_FOLDER="TOP" TASKTYPE="Dummy" />
            </SMART_FOLDER>
        </DEFTABLE>
        """;

    [Fact]
    public async Task A_v9_export_maps_attributes_onto_fields_and_keeps_the_rest()
    {
        var jobs = await Jobs(V9Export, ControlMFormat.Xml);
        var eod = jobs[0];
        Assert.Equal(("ctm-prod", "FIN_DAILY", "FIN_EOD", 1), (eod.Datacenter, eod.FolderPath, eod.JobName, eod.Occurrence));
        Assert.Equal(("FIN", "GL", "run_eod.bat", "C:\\Jobs\\Fin", "fin-agents", "svc_fin", "Job"), (eod.Application, eod.SubApplication, eod.MemName, eod.MemLib, eod.NodeId, eod.RunAs, eod.TaskType));
        Assert.Equal("End of day \"GL\" & reconciliation <daily> > ok", eod.Description);
        Assert.Equal((false, null, "AA", true, "WORKDAYS", null, "1900", ""), (eod.IsCyclic, eod.Interval, eod.Priority, eod.IsCritical, eod.DaysCalendar, eod.WeeksCalendar, eod.FromTime, eod.ToTime));
        Assert.True(eod.IsActive);
        Assert.Null(eod.CmdLine);
        Assert.Equal(["FIN_LOAD-TO-FIN_EOD|ODAT|and|-"], eod.InConditions.Select(In));
        Assert.Equal(["FIN_LOAD-TO-FIN_EOD|ODAT|-", "FIN_EOD-OK|ODAT|+"], eod.OutConditions.Select(Out));
        Assert.Equal(["%%TARGET=gl"], eod.Variables.Select(v => $"{v.Name}={v.Value}"));
        Assert.Equal(["JOBISN", "CREATED_BY", "CONFIRM", "INSTREAM_JCL", "INTERVAL"], eod.Attributes.Select(a => a.Key));
        Assert.Equal("line1\nline2", (string?)eod.Attributes["INSTREAM_JCL"]);
        Assert.Equal("00001M", (string?)eod.Attributes["INTERVAL"]);
        Assert.Equal("7:9", eod.Location);

        var purge = jobs[1];
        Assert.Equal(("cd C:\\x && purge.bat `date` %%ODATE | tee", true, "00015M"), (purge.CmdLine, purge.IsCyclic, purge.Interval));
        Assert.Null(purge.Description);
    }

    [Fact]
    public async Task Smart_and_sub_folders_nest_into_paths_and_each_folder_follows_its_jobs()
    {
        var items = await Read(V9Export, ControlMFormat.Xml);
        Assert.Equal(
            ["job FIN_DAILY/FIN_EOD", "job FIN_DAILY/FIN_PURGE", "folder FIN_DAILY folder", "job TOP/SUB/S1", "job TOP/SUB/SUBSUB/S2", "folder TOP/SUB/SUBSUB sub", "folder TOP/SUB sub", "job TOP/T1", "folder TOP smart"],
            items.Select(i => i switch
            {
                JobDefinition j => $"job {j.FolderPath}/{j.JobName}",
                FolderDefinition f => $"folder {f.Path} {f.Kind}",
                _ => "?",
            }));
        var top = items.OfType<FolderDefinition>().Single(f => f.Path == "TOP");
        Assert.Equal(["FIN_EOD-OK|ODAT|and|-"], top.InConditions.Select(In));
        Assert.Equal(["TOP-DONE|ODAT|+"], top.OutConditions.Select(Out));
        Assert.Equal(["JOBNAME", "TASKTYPE", "CREATED_BY"], top.Attributes.Select(a => a.Key));
        Assert.All(items.OfType<FolderDefinition>(), f => Assert.Equal("ctm-prod", f.Datacenter));
        var folder = items.OfType<FolderDefinition>().First();
        Assert.Equal(["VERSION", "PLATFORM", "FOLDER_ORDER_METHOD", "LAST_UPLOAD"], folder.Attributes.Select(a => a.Key));
        Assert.DoesNotContain(items.OfType<FolderDefinition>().Single(f => f.Path == "TOP/SUB").Attributes, a => a.Key == "PARENT_FOLDER");
    }

    const string Em6Table = """
        <?xml version='1.0' encoding='ISO-8859-1' ?>
        <DEFTABLE>
          <TABLE DATACENTER="em6dc" TABLE_NAME="PAYROLL" TABLE_USERDAILY="SYSTEM">
            <JOB JOBNAME="PAY010" PARENT_TABLE="PAYROLL" APPLICATION="HR" GROUP="PAYROLL_GRP" OWNER="payusr" FILE_NAME="pay010.sh" FILE_PATH="/opt/pay" TASKTYPE="Job" AUTHOR="olduser">
              <AUTOEDIT2 NAME="%%RUNDATE" VALUE="%%ODATE" />
              <AUTOEDIT EXP="%%MODE=full" />
              <INCOND NAME="PAY000-OK" ODATE="ODAT" AND_OR="AND" />
              <INCOND NAME="MANUAL-GO" ODATE="STAT" AND_OR="OR" />
              <OUTCOND NAME="PAY000-OK" ODATE="ODAT" SIGN="DEL" />
              <OUTCOND NAME="PAY010-OK" ODATE="ODAT" SIGN="ADD" />
              <SHOUT WHEN="NOTOK" URGENCY="R" DEST="EM" MESSAGE="0019Job name: %%JOBNAME0000" />
            </JOB>
          </TABLE>
        </DEFTABLE>
        """;

    [Fact]
    public async Task An_em6_table_uses_its_aliases_add_del_and_and_or()
    {
        var items = await Read(Em6Table, ControlMFormat.Xml, encoding: Encoding.Latin1);
        var job = Assert.Single(items.OfType<JobDefinition>());
        Assert.Equal(("em6dc", "PAYROLL", "HR", "PAYROLL_GRP", "payusr", "pay010.sh", "/opt/pay"), (job.Datacenter, job.FolderPath, job.Application, job.SubApplication, job.RunAs, job.MemName, job.MemLib));
        Assert.Equal(["PAY000-OK|ODAT|and|-", "MANUAL-GO|STAT|or|-"], job.InConditions.Select(In));
        Assert.Equal(["PAY000-OK|ODAT|-", "PAY010-OK|ODAT|+"], job.OutConditions.Select(Out));
        Assert.Equal(["%%RUNDATE=%%ODATE", "%%MODE=full"], job.Variables.Select(v => $"{v.Name}={v.Value}"));
        Assert.Equal("0019Job name: %%JOBNAME0000", (string?)job.Attributes["$elements"]![0]!["attributes"]!["MESSAGE"]);
        Assert.Equal("olduser", (string?)job.Attributes["AUTHOR"]);
        var table = Assert.Single(items.OfType<FolderDefinition>());
        Assert.Equal(("PAYROLL", "table"), (table.Path, table.Kind));
        Assert.Equal(["TABLE_USERDAILY"], table.Attributes.Select(a => a.Key));
    }

    [Theory]
    [InlineData("SCHED_TABLE", "TABLE_NAME", "table")]
    [InlineData("SMART_TABLE", "TABLE_NAME", "smart")]
    [InlineData("SCHED_GROUP", "TABLE_NAME", "smart")]
    [InlineData("FOLDER", "FOLDER_NAME", "folder")]
    [InlineData("SMART_FOLDER", "FOLDER_NAME", "smart")]
    public async Task Every_container_element_is_a_folder_of_its_kind(string element, string nameAttribute, string kind)
    {
        var items = await Read($"""<DEFTABLE><{element} DATACENTER="dc" {nameAttribute}="T"><JOB JOBNAME="J" /></{element}></DEFTABLE>""", ControlMFormat.Xml);
        Assert.Equal("T", Assert.Single(items.OfType<JobDefinition>()).FolderPath);
        Assert.Equal(kind, Assert.Single(items.OfType<FolderDefinition>()).Kind);
    }

    [Fact]
    public async Task Same_named_jobs_of_a_folder_are_occurrences_1_and_2_and_other_folders_count_apart()
    {
        var jobs = await Jobs("""
            <DEFTABLE>
              <FOLDER DATACENTER="dc" FOLDER_NAME="A"><JOB JOBNAME="X" JOBISN="0" /><JOB JOBNAME="Y" JOBISN="0" /><JOB JOBNAME="X" JOBISN="0" /></FOLDER>
              <FOLDER DATACENTER="dc" FOLDER_NAME="B"><JOB JOBNAME="X" /></FOLDER>
              <FOLDER DATACENTER="dc2" FOLDER_NAME="A"><JOB JOBNAME="X" /></FOLDER>
              <FOLDER DATACENTER="dc" FOLDER_NAME="A"><JOB JOBNAME="X" /></FOLDER>
            </DEFTABLE>
            """, ControlMFormat.Xml);
        Assert.Equal(["dc/A/X#1", "dc/A/Y#1", "dc/A/X#2", "dc/B/X#1", "dc2/A/X#1", "dc/A/X#3"], jobs.Select(j => $"{j.Datacenter}/{j.FolderPath}/{j.JobName}#{j.Occurrence}"));
    }

    [Theory]
    [InlineData("SIGN=\"+\"", "+")]
    [InlineData("SIGN=\"ADD\"", "+")]
    [InlineData("SIGN=\"add\"", "+")]
    [InlineData("SIGN=\"-\"", "-")]
    [InlineData("SIGN=\"DEL\"", "-")]
    [InlineData("", "+")]
    public async Task Every_sign_form_is_plus_or_minus(string sign, string expected)
    {
        var job = Assert.Single(await Jobs(Xml($"""<OUTCOND NAME="C" ODATE="ODAT" {sign} />"""), ControlMFormat.Xml));
        Assert.Equal(expected, Assert.Single(job.OutConditions).Sign);
    }

    [Theory]
    [InlineData("AND_OR=\"A\"", "and", null)]
    [InlineData("AND_OR=\"AND\"", "and", null)]
    [InlineData("", "and", null)]
    [InlineData("AND_OR=\"O\"", "or", null)]
    [InlineData("AND_OR=\"OR\"", "or", null)]
    [InlineData("AND_OR=\"O\" OP=\"(\"", "or", "(")]
    [InlineData("AND_OR=\"A\" OP=\")\"", "and", ")")]
    public async Task And_or_and_brackets_are_normalised(string attributes, string andOr, string? bracket)
    {
        var job = Assert.Single(await Jobs(Xml($"""<INCOND NAME="C" ODATE="ODAT" {attributes} />"""), ControlMFormat.Xml));
        var condition = Assert.Single(job.InConditions);
        Assert.Equal((andOr, bracket), (condition.AndOr, condition.Bracket));
    }

    [Theory]
    [InlineData("ODAT")]
    [InlineData("PREV")]
    [InlineData("NEXT")]
    [InlineData("STAT")]
    [InlineData("****")]
    [InlineData("$$$$")]
    [InlineData("0131")]
    [InlineData("+001")]
    [InlineData(null)]
    public async Task Every_odate_form_is_kept_as_written(string? odate)
    {
        var attribute = odate is null ? "" : $"ODATE=\"{odate}\"";
        var job = Assert.Single(await Jobs(Xml($"""<INCOND NAME="C" {attribute} /><OUTCOND NAME="C" {attribute} SIGN="DEL" />"""), ControlMFormat.Xml));
        Assert.Equal(odate, Assert.Single(job.InConditions).Odate);
        Assert.Equal(odate, Assert.Single(job.OutConditions).Odate);
    }

    [Fact]
    public async Task On_docond_posts_are_conditional_and_unmodelled_children_are_kept_in_order()
    {
        var job = Assert.Single(await Jobs(Xml("""
            <OUTCOND NAME="J1-OK" ODATE="ODAT" SIGN="+" />
            <SHOUT WHEN="NOTOK" URGENCY="R" DEST="EM" MESSAGE="failed" />
            <QUANTITATIVE NAME="CPU" QUANT="1" ONFAIL="R" ONOK="R" />
            <ON STMT="*" CODE="NOTOK">
                <DOACTION ACTION="RERUN" />
                <DOCOND NAME="J1-FAILED" ODATE="ODAT" SIGN="ADD" />
                <DOCOND NAME="J1-OK" ODATE="****" SIGN="DEL" />
            </ON>
            <CONTROL NAME="DB-LOCK" TYPE="E" />
            <RULE_BASED_CALENDARS NAME="*" />
            """), ControlMFormat.Xml));
        Assert.Equal(["J1-OK|ODAT|+", "J1-FAILED|ODAT|+|if", "J1-OK|****|-|if"], job.OutConditions.Select(Out));
        var elements = job.Attributes["$elements"]!.AsArray();
        Assert.Equal(["SHOUT", "QUANTITATIVE", "ON", "CONTROL", "RULE_BASED_CALENDARS"], elements.Select(e => (string?)e!["element"]));
        var on = elements[2]!;
        Assert.Equal("NOTOK", (string?)on["attributes"]!["CODE"]);
        Assert.Equal(["DOACTION", "DOCOND", "DOCOND"], on["children"]!.AsArray().Select(e => (string?)e!["element"]));
        Assert.Equal("""{"element":"CONTROL","attributes":{"NAME":"DB-LOCK","TYPE":"E"},"children":[]}""", elements[3]!.ToJsonString());
    }

    [Fact]
    public async Task Crlf_tabs_and_explicit_close_tags_read_as_lf_and_self_closing_ones()
    {
        var lf = await Jobs(V9Export, ControlMFormat.Xml);
        var crlf = await Jobs(V9Export.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("    ", "\t", StringComparison.Ordinal), ControlMFormat.Xml);
        Assert.Equal(lf.Select(Modelled), crlf.Select(Modelled));
        Assert.Equal(lf.Select(j => j.Location.Split(':')[0]), crlf.Select(j => j.Location.Split(':')[0]));
    }

    [Fact]
    public async Task An_iso_8859_1_file_with_a_comment_before_its_declaration_decodes_its_accents()
    {
        var text = """
            <!-- Export Control-M (Zürich) -->
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <DEFTABLE><FOLDER DATACENTER="dc" FOLDER_NAME="Übersicht"><JOB JOBNAME="Lohn" DESCRIPTION="Löhne für März" /></FOLDER></DEFTABLE>
            """;
        var job = Assert.Single((await Read(text.Replace("\n", "\r\n", StringComparison.Ordinal), ControlMFormat.Xml, encoding: Encoding.Latin1)).OfType<JobDefinition>());
        Assert.Equal(("Übersicht", "Löhne für März"), (job.FolderPath, job.Description));
        Assert.Equal("3:59", job.Location);
    }

    [Fact]
    public async Task Errors_after_a_skipped_comment_name_the_lines_of_the_original_file()
    {
        var error = await Refused("""
            <!-- line 1 -->

            <!-- line 3
                 line 4 -->  <?xml version="1.0" encoding="utf-8"?>
            <DEFTABLE>
              <FOLDER DATACENTER="dc" FOLDER_NAME="F">
                <JOB JOBNAME="A & B" />
              </FOLDER>
            </DEFTABLE>
            """, ControlMFormat.Xml);
        Assert.StartsWith("7:", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declaration_after_a_comment_on_the_same_line_keeps_its_columns()
    {
        var error = await Refused("""<!-- c --> <?xml version="1.0"?><DEFTABLE><FOLDER FOLDER_NAME="F"><JOB JOBNAME="A" X=1 /></FOLDER></DEFTABLE>""", ControlMFormat.Xml);
        Assert.Equal("1:86", error.Location);
    }

    public static TheoryData<string, string> IllFormedXml => new()
    {
        { "<DEFTABLE>\n  <FOLDER FOLDER_NAME=\"F\">\n    <JOB JOBNAME=\"A\">\n  </FOLDER>\n</DEFTABLE>", "4:5" },
        { "<DEFTABLE>\n<FOLDER FOLDER_NAME=\"F\"><JOB JOBNAME=\"A<B\" /></FOLDER></DEFTABLE>", "2:40" },
        { "<DEFTABLE>\n<FOLDER FOLDER_NAME=\"F\"><JOB JOBNAME=\"A\" /></FOLDER>", "2:53" },
        { "", "1:1" },
        { "<DEFTABLE><FOLDER FOLDER_NAME=\"F\"><JOB JOBNAME=\"&nbsp;\" /></FOLDER></DEFTABLE>", "1:50" },
    };

    [Theory]
    [MemberData(nameof(IllFormedXml))]
    public async Task Ill_formed_xml_is_one_error_with_its_line_and_column(string xml, string location)
    {
        var error = await Refused(xml, ControlMFormat.Xml);
        Assert.Equal(location, error.Location);
        Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Dtds => new()
    {
        """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><DEFTABLE><FOLDER FOLDER_NAME="&lol2;" /></DEFTABLE>""",
        """<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><DEFTABLE><FOLDER FOLDER_NAME="&xxe;" /></DEFTABLE>""",
        """<?xml version="1.0"?><!DOCTYPE DEFTABLE SYSTEM "http://example.com/evil.dtd"><DEFTABLE />""",
    };

    [Theory]
    [MemberData(nameof(Dtds))]
    public async Task A_dtd_is_refused_before_any_entity_is_expanded(string xml)
    {
        var error = await Refused(xml, ControlMFormat.Xml);
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("1:", error.Location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<FOLDERS><FOLDER FOLDER_NAME=\"F\" /></FOLDERS>", "not DEFTABLE")]
    [InlineData("<DEFTABLE><FOLDER DATACENTER=\"dc\"><JOB JOBNAME=\"J\" /></FOLDER></DEFTABLE>", "no FOLDER_NAME")]
    [InlineData("<DEFTABLE><FOLDER FOLDER_NAME=\"F\"><JOB DESCRIPTION=\"x\" /></FOLDER></DEFTABLE>", "no JOBNAME")]
    [InlineData("<DEFTABLE><FOLDER FOLDER_NAME=\"F\"><JOB JOBNAME=\"J\"><INCOND ODATE=\"ODAT\" /></JOB></FOLDER></DEFTABLE>", "no NAME")]
    public async Task Xml_that_is_not_an_export_is_refused_with_the_reason(string xml, string reason)
    {
        var error = await Refused(xml, ControlMFormat.Xml);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_attribute_is_empty_and_a_missing_one_null_and_the_default_datacenter_fills_in()
    {
        var job = Assert.Single(await Jobs("""<DEFTABLE><FOLDER FOLDER_NAME="F"><JOB JOBNAME="J" DESCRIPTION="" MEMLIB="Not Applicable" /></FOLDER></DEFTABLE>""", ControlMFormat.Xml, new ControlMReaderOptions("ctm-default")));
        Assert.Equal(("", "Not Applicable", null, "ctm-default"), (job.Description, job.MemLib, job.MemName, job.Datacenter));
    }

    const string AutomationApi = """
        {
          "Conn_Profile": { "Type": "ConnectionProfile:Database:Oracle", "Host": "db" },
          "Workdays": { "Type": "Calendar:Regular" },
          "$schema": "ignored",
          "FIN": {
            "Type": "Folder",
            "ControlmServer": "ctm-prod",
            "Comment": "first",
            "Comment": "second",
            "Comment": "third",
            "Extract": {
              "Type": "Job:Script",
              "FileName": "extract.sh",
              "FilePath": "/opt/fin",
              "Comment": "a", "Comment": "b",
              "x1-Events": { "Type": "AddEvents", "Events": [ { "Event": "Extract-TO-Load" } ] }
            },
            "Load": {
              "Type": "Job:Command",
              "Command": "load.sh && echo ok",
              "Host": "other-host",
              "RunAs": "loader",
              "eventsToWaitFor": { "Type": "WaitForEvents", "Events": [ { "Event": "Extract-TO-Load", "OrderDate": "OrderDate" } ] },
              "ConditionsToRemove": { "Type": "DeleteEvents", "Events": [ { "Event": "Extract-TO-Load", "OrderDate": "AnyDate" } ] },
              "Resource": { "Type": "Resource:Semaphore", "Quantity": "1" }
            },
            "Wait": { "Type": "Job:Dummy" },
            "Inline": { "Type": "Job:EmbeddedScript", "Script": "#!/bin/bash\\necho hi", "FileName": "hi.sh" },
            "Copy": { "Type": "Job:FileTransfer", "ConnectionProfileSrc": "SFTP" },
            "Query": { "Type": "Job:Database:SQLScript", "SQLScript": "/q.sql" },
            "Application": "FIN",
            "SubApplication": "GL",
            "RunAs": "finops",
            "Host": "fin-agents"
          }
        }
        """;

    [Fact]
    public async Task Automation_api_jobs_take_their_type_and_inherit_the_folders_properties()
    {
        var items = await Read(AutomationApi, ControlMFormat.Json);
        var jobs = items.OfType<JobDefinition>().ToList();
        Assert.Equal(
            ["Extract Job extract.sh /opt/fin - fin-agents finops FIN GL", "Load Command - - load.sh && echo ok other-host loader FIN GL", "Wait Dummy - - - fin-agents finops FIN GL",
             "Inline Job hi.sh - - fin-agents finops FIN GL", "Copy Job - - - fin-agents finops FIN GL", "Query Job - - - fin-agents finops FIN GL"],
            jobs.Select(j => $"{j.JobName} {j.TaskType} {j.MemName ?? "-"} {j.MemLib ?? "-"} {j.CmdLine ?? "-"} {j.NodeId} {j.RunAs} {j.Application} {j.SubApplication}"));
        Assert.All(jobs, j => Assert.Equal(("ctm-prod", "FIN"), (j.Datacenter, j.FolderPath)));
        Assert.Equal("$.FIN.Load", jobs[1].Location);
        Assert.Equal("Job:FileTransfer", (string?)jobs[4].Attributes["Type"]);
        Assert.Equal("#!/bin/bash\\necho hi", (string?)jobs[3].Attributes["Script"]);
        Assert.Equal(["Type", "Resource"], jobs[1].Attributes.Select(a => a.Key));
        Assert.Equal(["Extract-TO-Load|ODAT|and|-"], jobs[1].InConditions.Select(In));
        Assert.Equal(["Extract-TO-Load|****|-"], jobs[1].OutConditions.Select(Out));
        Assert.Equal(["Extract-TO-Load|-|+"], jobs[0].OutConditions.Select(Out));
        var folder = Assert.Single(items.OfType<FolderDefinition>());
        Assert.Equal(("ctm-prod", "FIN", "smart", "$.FIN"), (folder.Datacenter, folder.Path, folder.Kind, folder.Location));
        Assert.IsType<FolderDefinition>(items[^1]);
    }

    [Fact]
    public async Task Duplicate_keys_do_not_fail_and_the_last_one_wins()
    {
        var items = await Read(AutomationApi, ControlMFormat.Json);
        var folder = Assert.Single(items.OfType<FolderDefinition>());
        Assert.Equal("third", (string?)folder.Attributes["Comment"]);
        Assert.Equal(["Comment", "Application", "SubApplication", "RunAs", "Host"], folder.Attributes.Select(a => a.Key));
        Assert.Equal("b", (string?)items.OfType<JobDefinition>().First().Attributes["Comment"]);
        var jobs = await Jobs("""{"F": {"Type": "Folder", "J": {"Type": "Job:Dummy", "Description": "one"}, "J": {"Type": "Job:Dummy", "Description": "two"}}}""", ControlMFormat.Json);
        Assert.Equal(["J#1 one", "J#2 two"], jobs.Select(j => $"{j.JobName}#{j.Occurrence} {j.Description}"));
    }

    [Fact]
    public async Task A_jobs_array_allows_duplicate_names_and_escaped_colons()
    {
        var jobs = await Jobs("""
            { "Ops\\:Daily": { "Type": "SimpleFolder", "ControlmServer": "dc", "Application": "NotInherited",
                "Jobs": [
                  { "Name": "Backup\\:Full", "Type": "Job:Command", "Command": "backup.sh" },
                  { "Name": "Backup\\:Full", "Type": "Job:Command", "Command": "backup.sh --again" },
                  { "Name": "Notify", "Type": "Job:Dummy" }
                ] } }
            """, ControlMFormat.Json);
        Assert.Equal(["Ops:Daily/Backup:Full#1 backup.sh -", "Ops:Daily/Backup:Full#2 backup.sh --again -", "Ops:Daily/Notify#1 - -"], jobs.Select(j => $"{j.FolderPath}/{j.JobName}#{j.Occurrence} {j.CmdLine ?? "-"} {j.Application ?? "-"}"));
        Assert.Equal("$['Ops\\\\:Daily'].Jobs[1]", jobs[1].Location);
        Assert.All(jobs, j => Assert.Equal("dc", j.Datacenter));
    }

    [Fact]
    public async Task Event_lists_take_brackets_or_and_bare_strings_whatever_their_key()
    {
        var job = Assert.Single(await Jobs("""
            { "F": { "Type": "Folder", "J": { "Type": "Job:Dummy",
                "Wait": { "Type": "WaitForEvents", "Events": [
                    "(", { "Event": "A", "OrderDate": "PreviousOrderDate" }, "OR", { "Event": "B", "OrderDate": "NextOrderDate" }, ")",
                    "bare-event", { "Event": "C", "OrderDate": "NoDate" }, "OR", "D", { "Event": "E", "OrderDate": "0131" } ] },
                "x1-Events": { "Type": "AddEvents", "Events": [ "J-OK", { "Event": "J-DONE", "OrderDate": "OrderDate" } ] } } } }
            """, ControlMFormat.Json));
        Assert.Equal(["A|PREV|and|(", "B|NEXT|or|)", "bare-event|-|and|-", "C|STAT|and|-", "D|-|or|-", "E|0131|and|-"], job.InConditions.Select(In));
        Assert.Equal(["J-OK|-|+", "J-DONE|ODAT|+"], job.OutConditions.Select(Out));
    }

    [Theory]
    [InlineData("OrderDate", "ODAT")]
    [InlineData("PreviousOrderDate", "PREV")]
    [InlineData("NextOrderDate", "NEXT")]
    [InlineData("AnyDate", "****")]
    [InlineData("NoDate", "STAT")]
    [InlineData("1231", "1231")]
    public async Task Every_order_date_maps_onto_its_odate(string orderDate, string odate)
    {
        var job = Assert.Single(await Jobs($$"""{"F": {"Type": "Folder", "J": {"Type": "Job:Dummy", "w": {"Type": "WaitForEvents", "Events": [{"Event": "X", "OrderDate": "{{orderDate}}"}] } } } }""", ControlMFormat.Json));
        Assert.Equal(odate, Assert.Single(job.InConditions).Odate);
    }

    [Fact]
    public async Task Flow_sequences_are_edges_and_sub_folders_nest_with_inheritance()
    {
        var items = await Read("""
            { "TOP": { "Type": "Folder", "ControlmServer": "dc", "Application": "APP", "RunAs": "u1",
                "A": { "Type": "Job:Dummy" },
                "B": { "Type": "Job:Dummy" },
                "C": { "Type": "Job:Dummy" },
                "flow1": { "Type": "Flow", "Sequence": ["A", "B", "C"] },
                "SUB": { "Type": "SubFolder", "RunAs": "u2",
                  "whenIn": { "Type": "WaitForEvents", "Events": [{ "Event": "TOP-READY" }] },
                  "S1": { "Type": "Job:Dummy" },
                  "DEEP": { "Type": "SubFolder", "S2": { "Type": "Job:Dummy", "Application": "OWN" } } } } }
            """, ControlMFormat.Json);
        Assert.Equal(["A->B", "B->C"], items.OfType<FlowEdge>().Select(e => $"{e.From}->{e.To}"));
        Assert.All(items.OfType<FlowEdge>(), e => Assert.Equal(("dc", "TOP", "$.TOP.flow1"), (e.Datacenter, e.FolderPath, e.Location)));
        Assert.Equal(["TOP/A APP u1", "TOP/B APP u1", "TOP/C APP u1", "TOP/SUB/S1 APP u2", "TOP/SUB/DEEP/S2 OWN u2"],
            items.OfType<JobDefinition>().Select(j => $"{j.FolderPath}/{j.JobName} {j.Application} {j.RunAs}"));
        Assert.Equal(["TOP/SUB/DEEP sub", "TOP/SUB sub", "TOP smart"], items.OfType<FolderDefinition>().Select(f => $"{f.Path} {f.Kind}"));
        Assert.Equal(["TOP-READY|-|and|-"], items.OfType<FolderDefinition>().Single(f => f.Path == "TOP/SUB").InConditions.Select(In));
    }

    [Fact]
    public async Task An_if_action_that_adds_or_deletes_events_gives_conditional_out_conditions()
    {
        var job = Assert.Single(await Jobs("""
            { "F": { "Type": "Folder", "J": { "Type": "Job:Command", "Command": "x",
                "IfFailed": { "Type": "If", "CompletionStatus": "NOTOK",
                   "Mail": { "Type": "Mail", "To": "ops@example.com" },
                   "Add": { "Type": "Action:AddEvents", "Events": [{ "Event": "J-FAILED", "OrderDate": "OrderDate" }] },
                   "Del": { "Type": "Event:Delete", "Event": "J-OK" } } } } }
            """, ControlMFormat.Json));
        Assert.Equal(["J-FAILED|ODAT|+|if", "J-OK|-|-|if"], job.OutConditions.Select(Out));
        Assert.Equal("If", (string?)job.Attributes["IfFailed"]!["Type"]);
    }

    public static TheoryData<string, string> IllFormedJson => new()
    {
        { "{\n  \"F\": {\n    \"Type\": \"Folder\",\n    \"J\": { \"Type\": \"Job:Dummy\" }\n    \"K\": {}\n  }\n}", "5:5" },
        { "{ \"F\": { \"Type\": \"Folder\", \"J\": { \"Type\": 'x' } } }", "1:43" },
        { "{\n  \"F\": { \"Type\": \"Folder\"", "2:26" },
        { "", "1:1" },
        { "[ { \"F\": {} } ]", "1:1" },
    };

    [Theory]
    [MemberData(nameof(IllFormedJson))]
    public async Task Ill_formed_json_is_one_error_with_its_line_and_byte(string json, string location)
    {
        var error = await Refused(json, ControlMFormat.Json);
        Assert.Equal(location, error.Location);
    }

    [Fact]
    public async Task A_job_of_a_jobs_array_without_a_name_is_refused_at_its_path()
    {
        var error = await Refused("""{"F": {"Type": "Folder", "Jobs": [{"Name": "A", "Type": "Job:Dummy"}, {"Type": "Job:Dummy"}]}}""", ControlMFormat.Json);
        Assert.Equal("$.F.Jobs[1]", error.Location);
    }

    const string EmJobList = """"
        JOB_ID,APPLICATION,GROUP_NAME,MEMNAME,JOB_NAME,DESCRIPTION,AUTHOR,OWNER,PRIORITY,CRITICAL,TASK_TYPE,CYCLIC,NODE_ID,INTERVAL,MEM_LIB,DAYS_CAL,WEEKS_CAL,FROM_TIME,TO_TIME,CREATION_USER,CREATION_DATE,CHANGE_USERID,CHANGE_DATE
        101,FIN,GL,run_eod.bat,FIN_EOD,"End of day, ""GL""",emuser,svc_fin,AA,1,Job,0,fin-agents,00001M,C:\Jobs\Fin,WORKDAYS,,1900,,emuser,20190107,emuser,20190108
        102,FIN,GL,,FIN_PURGE,"two
        lines",emuser,svc_fin,AA,0,Command,1,fin-agents,00015M,,,,,,emuser,20190107,,
        103,HR,,,HR_SYNC,,,,,,,,,,,,,,,,,,
        """";

    [Fact]
    public async Task The_original_apps_csv_puts_jobs_in_their_application_and_keeps_the_other_columns()
    {
        var items = await Read(EmJobList, ControlMFormat.Csv, new ControlMReaderOptions("ctm-csv"));
        var jobs = items.OfType<JobDefinition>().ToList();
        var eod = jobs[0];
        Assert.Equal(("ctm-csv", "FIN", "FIN_EOD", "FIN", "GL", "run_eod.bat", "C:\\Jobs\\Fin", "fin-agents", "svc_fin", "Job"), (eod.Datacenter, eod.FolderPath, eod.JobName, eod.Application, eod.SubApplication, eod.MemName, eod.MemLib, eod.NodeId, eod.RunAs, eod.TaskType));
        Assert.Equal(("End of day, \"GL\"", false, null, "AA", true, "WORKDAYS", "", "1900", ""), (eod.Description, eod.IsCyclic, eod.Interval, eod.Priority, eod.IsCritical, eod.DaysCalendar, eod.WeeksCalendar, eod.FromTime, eod.ToTime));
        Assert.Equal(["JOB_ID", "AUTHOR", "CREATION_USER", "CREATION_DATE", "CHANGE_USERID", "CHANGE_DATE", "INTERVAL"], eod.Attributes.Select(a => a.Key));
        Assert.Equal("101", (string?)eod.Attributes["JOB_ID"]);
        Assert.Equal(("two\nlines", true, "00015M", ""), (jobs[1].Description, jobs[1].IsCyclic, jobs[1].Interval, jobs[1].MemName));
        Assert.Equal(["2:1", "3:1", "5:1"], jobs.Select(j => j.Location));
        Assert.Equal(["FIN", "FIN", "HR"], jobs.Select(j => j.FolderPath));
        Assert.Equal(["FIN simple", "HR simple"], items.OfType<FolderDefinition>().Select(f => $"{f.Path} {f.Kind}"));
    }

    [Fact]
    public async Task Bmc_csv_sample_lists_become_conditions_and_flow_edges()
    {
        var items = await Read("""
            Job Name, Parent Folder, Ctm Server, Description, Command, Host Group, Run As, Application, Sub Application, Start Time, End Time, Depends On, Wait For Event
            Extract,DWH,ctm-prod,Extract sales,extract.sh,dwh-hosts,dwh,DWH,SALES,0100,0500,,
            Load,DWH,ctm-prod,Load sales,load.sh,dwh-hosts,dwh,DWH,SALES,,,Extract,
            Report,DWH,ctm-prod,,report.sh,dwh-hosts,dwh,DWH,SALES,,,Extract;Load,GL-CLOSED; FX-RATES ;
            Archive,DWH,ctm-prod,,archive.sh,dwh-hosts,dwh
            """, ControlMFormat.Csv);
        var jobs = items.OfType<JobDefinition>().ToList();
        Assert.Equal(["ctm-prod DWH/Extract extract.sh dwh-hosts dwh 0100-0500", "ctm-prod DWH/Load load.sh dwh-hosts dwh -", "ctm-prod DWH/Report report.sh dwh-hosts dwh -", "ctm-prod DWH/Archive archive.sh dwh-hosts dwh -"],
            jobs.Select(j => $"{j.Datacenter} {j.FolderPath}/{j.JobName} {j.CmdLine} {j.NodeId} {j.RunAs} {(string.IsNullOrEmpty(j.FromTime) ? "-" : $"{j.FromTime}-{j.ToTime}")}"));
        Assert.Equal(["GL-CLOSED|-|and|-", "FX-RATES|-|and|-"], jobs[2].InConditions.Select(In));
        Assert.Equal(["Extract->Load", "Extract->Report", "Load->Report"], items.OfType<FlowEdge>().Select(e => $"{e.From}->{e.To}"));
        Assert.Null(jobs[3].Application);
        Assert.Equal(["DWH"], items.OfType<FolderDefinition>().Select(f => f.Path));
    }

    [Fact]
    public async Task Lower_case_headers_read_as_the_same_fields()
    {
        var job = Assert.Single(await Jobs("""
            folder,application,sub_application,job_name,memname,description
            OPS,OPS-APP,NIGHT,cleanup,cleanup.ps1,"Nightly cleanup"
            """, ControlMFormat.Csv));
        Assert.Equal(("", "OPS", "cleanup", "OPS-APP", "NIGHT", "cleanup.ps1", "Nightly cleanup"), (job.Datacenter, job.FolderPath, job.JobName, job.Application, job.SubApplication, job.MemName, job.Description));
        Assert.Empty(job.Attributes);
    }

    [Fact]
    public async Task A_csv_without_folder_or_application_uses_the_default_folder()
    {
        var job = Assert.Single(await Jobs("JobName,MemName\n#env#_JOB,x.sh\n", ControlMFormat.Csv, new ControlMReaderOptions("dc", "IMPORTED")));
        Assert.Equal(("dc", "IMPORTED", "#env#_JOB"), (job.Datacenter, job.FolderPath, job.JobName));
    }

    [Fact]
    public async Task A_csv_without_a_job_name_column_is_refused_naming_it()
    {
        var error = await Refused("application,memname,description\nFIN,x.sh,y\n", ControlMFormat.Csv);
        Assert.Contains("job name", error.Message, StringComparison.Ordinal);
        Assert.Equal("1:1", error.Location);
    }

    [Fact]
    public async Task Ill_formed_csv_names_the_line_of_its_record()
    {
        var error = await Refused("JOB_NAME,DESCRIPTION\nA,ok\nB,\"broken\"quote\n", ControlMFormat.Csv);
        Assert.StartsWith("3:", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_lines_and_crlf_keep_the_csv_lines_right()
    {
        var jobs = await Jobs("JOB_NAME,DESCRIPTION\r\nA,ok\r\n\r\nB,\"x\r\ny\"\r\n,\r\nC,\r\n", ControlMFormat.Csv);
        Assert.Equal(["A@2:1", "B@4:1", "C@7:1"], jobs.Select(j => $"{j.JobName}@{j.Location}"));
        Assert.Equal("x\r\ny", jobs[1].Description);
    }

    [Fact]
    public async Task A_csv_row_without_a_job_name_is_refused_at_its_line()
    {
        var error = await Refused("JOB_NAME,DESCRIPTION\nA,ok\n,orphan\n", ControlMFormat.Csv);
        Assert.Equal("3:1", error.Location);
    }

    [Theory]
    [InlineData("application/xml", "{", ControlMFormat.Xml)]
    [InlineData("text/xml; charset=iso-8859-1", "{", ControlMFormat.Xml)]
    [InlineData("application/json; charset=utf-8", "<", ControlMFormat.Json)]
    [InlineData("text/csv", "<", ControlMFormat.Csv)]
    [InlineData(null, "\uFEFF  \r\n<!-- x --><?xml", ControlMFormat.Xml)]
    [InlineData("application/octet-stream", "\n\t{ \"F\"", ControlMFormat.Json)]
    [InlineData("text/plain", "[", ControlMFormat.Json)]
    [InlineData(null, "JOB_NAME,APPLICATION", ControlMFormat.Csv)]
    [InlineData(null, "", ControlMFormat.Csv)]
    public void The_format_comes_from_the_content_type_or_the_first_byte(string? contentType, string head, ControlMFormat format) =>
        Assert.Equal(format, ControlMReader.Detect(contentType, Encoding.UTF8.GetBytes(head)));

    [Fact]
    public async Task Detecting_from_the_stream_reads_the_whole_file()
    {
        var items = new List<ControlMItem>();
        await foreach (var item in ControlMReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(V9Export)), "application/octet-stream"))
            items.Add(item);
        Assert.Equal(5, items.OfType<JobDefinition>().Count());
    }

    const string TwinXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <DEFTABLE xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="Folder.xsd">
            <SMART_FOLDER DATACENTER="ctm-prod" FOLDER_NAME="FIN_EOD" JOBNAME="FIN_EOD" TASKTYPE="SMART Table" APPLICATION="FIN" SUB_APPLICATION="EOD" RUN_AS="finops" NODEID="fin-host">
                <JOB JOBISN="0" APPLICATION="FIN" SUB_APPLICATION="EOD" MEMNAME="extract.sh" MEMLIB="/opt/fin" JOBNAME="FIN_EXTRACT" DESCRIPTION="Extract the ledger" RUN_AS="finops" CRITICAL="1" TASKTYPE="Job" CYCLIC="0" NODEID="fin-host" INTERVAL="00001M" TIMEFROM="0300" TIMETO=">" DAYSCAL="WORKDAYS" PARENT_FOLDER="FIN_EOD" CREATED_BY="emuser">
                    <INCOND NAME="FIN_EOD-PREV-DONE" ODATE="PREV" AND_OR="A" />
                    <OUTCOND NAME="FIN_EXTRACT-TO-FIN_LOAD" ODATE="ODAT" SIGN="+" />
                </JOB>
                <JOB JOBISN="0" APPLICATION="FIN" SUB_APPLICATION="EOD" JOBNAME="FIN_LOAD" DESCRIPTION="Load" RUN_AS="loader" TASKTYPE="Command" CMDLINE="load.sh --all &amp;&amp; echo ok" CYCLIC="0" NODEID="fin-host" INTERVAL="00001M" PARENT_FOLDER="FIN_EOD">
                    <VARIABLE NAME="%%TARGET" VALUE="dwh" />
                    <INCOND NAME="FIN_EXTRACT-TO-FIN_LOAD" ODATE="ODAT" AND_OR="A" />
                    <OUTCOND NAME="FIN_EXTRACT-TO-FIN_LOAD" ODATE="ODAT" SIGN="-" />
                    <OUTCOND NAME="FIN_LOAD-OK" ODATE="ODAT" SIGN="+" />
                </JOB>
                <JOB JOBISN="0" APPLICATION="FIN" SUB_APPLICATION="EOD" JOBNAME="FIN_CHECK" RUN_AS="finops" TASKTYPE="Dummy" CYCLIC="0" NODEID="fin-host" INTERVAL="00001M" PARENT_FOLDER="FIN_EOD">
                    <INCOND NAME="FIN_LOAD-OK" ODATE="ODAT" AND_OR="A" />
                    <OUTCOND NAME="FIN_LOAD-OK" ODATE="ODAT" SIGN="-" />
                    <OUTCOND NAME="FIN_CHECK-OK" ODATE="ODAT" SIGN="+" />
                </JOB>
                <SUB_FOLDER JOBNAME="REPORTS" PARENT_FOLDER="FIN_EOD" TASKTYPE="Sub-Table" APPLICATION="FIN" SUB_APPLICATION="REPORTS">
                    <JOB JOBISN="0" APPLICATION="FIN" SUB_APPLICATION="REPORTS" MEMNAME="daily.sh" MEMLIB="/opt/rep" JOBNAME="REP_DAILY" RUN_AS="finops" TASKTYPE="Job" CYCLIC="0" NODEID="fin-host" INTERVAL="00001M" PARENT_FOLDER="FIN_EOD/REPORTS">
                        <INCOND NAME="FIN_CHECK-OK" ODATE="ODAT" AND_OR="A" />
                        <OUTCOND NAME="FIN_CHECK-OK" ODATE="ODAT" SIGN="-" />
                        <OUTCOND NAME="FIN_EOD-PREV-DONE" ODATE="ODAT" SIGN="+" />
                    </JOB>
                    <JOB JOBISN="0" APPLICATION="FIN" SUB_APPLICATION="REPORTS" JOBNAME="REP_MAIL" RUN_AS="finops" TASKTYPE="Command" CMDLINE="mail.sh" CYCLIC="1" INTERVAL="00015M" NODEID="mail-host" PARENT_FOLDER="FIN_EOD/REPORTS">
                        <INCOND NAME="REP_DAILY-OK" ODATE="ODAT" AND_OR="A" OP="(" />
                        <INCOND NAME="MANUAL-MAIL" ODATE="STAT" AND_OR="O" OP=")" />
                        <ON STMT="*" CODE="NOTOK">
                            <DOCOND NAME="REP_MAIL-FAILED" ODATE="ODAT" SIGN="+" />
                        </ON>
                    </JOB>
                </SUB_FOLDER>
            </SMART_FOLDER>
        </DEFTABLE>
        """;

    const string TwinJson = """
        {
          "FIN_EOD": {
            "Type": "Folder",
            "ControlmServer": "ctm-prod",
            "Application": "FIN",
            "SubApplication": "EOD",
            "RunAs": "finops",
            "Host": "fin-host",
            "FIN_EXTRACT": {
              "Type": "Job:Script",
              "FileName": "extract.sh",
              "FilePath": "/opt/fin",
              "Description": "Extract the ledger",
              "Critical": true,
              "When": { "FromTime": "0300", "ToTime": ">", "MonthDaysCalendar": "WORKDAYS" },
              "WaitForEvents": { "Type": "WaitForEvents", "Events": [ { "Event": "FIN_EOD-PREV-DONE", "OrderDate": "PreviousOrderDate" } ] },
              "AddEvents": { "Type": "AddEvents", "Events": [ { "Event": "FIN_EXTRACT-TO-FIN_LOAD", "OrderDate": "OrderDate" } ] }
            },
            "FIN_LOAD": {
              "Type": "Job:Command",
              "Command": "load.sh --all && echo ok",
              "Description": "Load",
              "RunAs": "loader",
              "Variables": [ { "TARGET": "dwh" } ],
              "WaitForEvents": { "Type": "WaitForEvents", "Events": [ { "Event": "FIN_EXTRACT-TO-FIN_LOAD", "OrderDate": "OrderDate" } ] },
              "DeleteEvents": { "Type": "DeleteEvents", "Events": [ { "Event": "FIN_EXTRACT-TO-FIN_LOAD", "OrderDate": "OrderDate" } ] },
              "AddEvents": { "Type": "AddEvents", "Events": [ { "Event": "FIN_LOAD-OK", "OrderDate": "OrderDate" } ] }
            },
            "FIN_CHECK": {
              "Type": "Job:Dummy",
              "WaitForEvents": { "Type": "WaitForEvents", "Events": [ { "Event": "FIN_LOAD-OK", "OrderDate": "OrderDate" } ] },
              "DeleteEvents": { "Type": "DeleteEvents", "Events": [ { "Event": "FIN_LOAD-OK", "OrderDate": "OrderDate" } ] },
              "AddEvents": { "Type": "AddEvents", "Events": [ { "Event": "FIN_CHECK-OK", "OrderDate": "OrderDate" } ] }
            },
            "REPORTS": {
              "Type": "SubFolder",
              "SubApplication": "REPORTS",
              "REP_DAILY": {
                "Type": "Job:Script",
                "FileName": "daily.sh",
                "FilePath": "/opt/rep",
                "WaitForEvents": { "Type": "WaitForEvents", "Events": [ { "Event": "FIN_CHECK-OK", "OrderDate": "OrderDate" } ] },
                "DeleteEvents": { "Type": "DeleteEvents", "Events": [ { "Event": "FIN_CHECK-OK", "OrderDate": "OrderDate" } ] },
                "AddEvents": { "Type": "AddEvents", "Events": [ { "Event": "FIN_EOD-PREV-DONE", "OrderDate": "OrderDate" } ] }
              },
              "REP_MAIL": {
                "Type": "Job:Command",
                "Command": "mail.sh",
                "Host": "mail-host",
                "Rerun": { "Every": "15", "Units": "Minutes" },
                "WaitForEvents": { "Type": "WaitForEvents", "Events": [ "(", { "Event": "REP_DAILY-OK", "OrderDate": "OrderDate" }, "OR", { "Event": "MANUAL-MAIL", "OrderDate": "NoDate" }, ")" ] },
                "IfNotOk": { "Type": "If", "CompletionStatus": "NOTOK", "Post": { "Type": "AddEvents", "Events": [ { "Event": "REP_MAIL-FAILED", "OrderDate": "OrderDate" } ] } }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task An_xml_export_and_its_automation_api_conversion_give_the_same_jobs_and_conditions()
    {
        var fromXml = await Read(TwinXml, ControlMFormat.Xml);
        var fromJson = await Read(TwinJson, ControlMFormat.Json);
        var xmlJobs = fromXml.OfType<JobDefinition>().ToList();
        var jsonJobs = fromJson.OfType<JobDefinition>().ToList();
        Assert.Equal(5, xmlJobs.Count);
        Assert.Equal(xmlJobs.Select(Modelled), jsonJobs.Select(Modelled));
        Assert.Equal(fromXml.OfType<FolderDefinition>().Select(f => $"{f.Datacenter}/{f.Path}"), fromJson.OfType<FolderDefinition>().Select(f => $"{f.Datacenter}/{f.Path}"));
        Assert.Contains(xmlJobs, j => j.OutConditions.Any(c => c.Sign == "-"));
        Assert.Contains(xmlJobs, j => j.InConditions.Any(c => c.Odate == "PREV"));
        Assert.Contains(xmlJobs, j => j.OutConditions.Any(c => c.Conditional));
        Assert.Equal("FIN_EOD/REPORTS", xmlJobs[^1].FolderPath);
    }

    /// <summary>
    /// A file written on demand as the reader pulls it; <see cref="Finished"/> says whether its end has been produced, so a
    /// reader that buffered the whole input before its first item cannot pass.
    /// </summary>
    sealed class GeneratedStream(IEnumerable<string> pieces) : Stream
    {
        readonly IEnumerator<string> _pieces = pieces.GetEnumerator();
        byte[] _pending = [];
        int _offset;

        public bool Finished { get; private set; }
        public long Produced { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_offset == _pending.Length)
            {
                if (!_pieces.MoveNext())
                {
                    Finished = true;
                    return 0;
                }
                _pending = Encoding.UTF8.GetBytes(_pieces.Current);
                _offset = 0;
            }
            var n = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            Produced += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    const int LargeJobCount = 20_000;
    static readonly string Padding = new('x', 600);

    static IEnumerable<string> LargeXml()
    {
        yield return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DEFTABLE>\n";
        for (var folder = 0; folder < LargeJobCount / 1000; folder++)
        {
            yield return $"<FOLDER DATACENTER=\"dc\" FOLDER_NAME=\"F{folder}\">\n";
            for (var job = 0; job < 1000; job++)
                yield return $"<JOB JOBNAME=\"J{job}\" DESCRIPTION=\"{Padding}\"><INCOND NAME=\"C{job}\" ODATE=\"ODAT\" /><OUTCOND NAME=\"C{job + 1}\" SIGN=\"+\" /></JOB>\n";
            yield return "</FOLDER>\n";
        }
        yield return "</DEFTABLE>\n";
    }

    static IEnumerable<string> LargeJson()
    {
        yield return "{\n";
        // Smaller folders than the XML's: a JSON folder is materialised whole, which is the bound this reader promises.
        for (var folder = 0; folder < LargeJobCount / 100; folder++)
        {
            yield return $"{(folder > 0 ? "," : "")}\"F{folder}\": {{ \"Type\": \"Folder\", \"ControlmServer\": \"dc\"";
            for (var job = 0; job < 100; job++)
                yield return $", \"J{job}\": {{ \"Type\": \"Job:Command\", \"Command\": \"{Padding}\", \"w\": {{ \"Type\": \"WaitForEvents\", \"Events\": [{{ \"Event\": \"C{job}\" }}] }} }}\n";
            yield return "}\n";
        }
        yield return "}\n";
    }

    static IEnumerable<string> LargeCsv()
    {
        yield return "JOB_NAME,APPLICATION,DESCRIPTION\n";
        for (var job = 0; job < LargeJobCount; job++)
            yield return $"J{job},APP{job / 1000},\"{Padding}\"\n";
    }

    public static TheoryData<string> LargeFormats => new() { "xml", "json", "csv" };

    [Theory]
    [MemberData(nameof(LargeFormats))]
    public async Task A_large_file_streams_its_first_job_before_the_end_is_written_and_holds_little_of_it(string name)
    {
        var (pieces, format) = name switch
        {
            "xml" => (LargeXml(), ControlMFormat.Xml),
            "json" => (LargeJson(), ControlMFormat.Json),
            _ => (LargeCsv(), ControlMFormat.Csv),
        };
        var stream = new GeneratedStream(pieces);
        var jobs = 0;
        long heapAtHalf = 0;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await foreach (var item in ControlMReader.ReadAsync(stream, format))
        {
            if (item is not JobDefinition)
                continue;
            if (++jobs == 1)
                Assert.False(stream.Finished, "the first job came only after the whole file was read");
            if (jobs == LargeJobCount / 2)
                heapAtHalf = GC.GetTotalMemory(forceFullCollection: true);
        }
        Assert.Equal(LargeJobCount, jobs);
        Assert.True(stream.Finished);
        // The file is over 12 MB; a reader holding it (or its jobs) would hold at least half of that at the half-way point.
        Assert.True(stream.Produced > 12_000_000, $"only {stream.Produced} bytes generated");
        Assert.True(heapAtHalf - heapBefore < 4_000_000, $"{heapAtHalf - heapBefore} bytes live half-way through");
    }
}
