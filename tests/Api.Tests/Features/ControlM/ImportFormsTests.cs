using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Features.ControlM.Formats;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The import's other two bodies: multipart with several files, and the original web client's <c>{csvContent, replaceExisting}</c>.</summary>
public sealed class ImportFormsTests
{
    const string Import = "/api/v1/controlm-jobs/import";

    /// <summary>The original app's EM job list (controlm-formats.md §3): a quoted description with a comma, an escaped quote, a line break and é.</summary>
    const string EmJobList =
        "JOB_ID,APPLICATION,GROUP_NAME,MEMNAME,JOB_NAME,DESCRIPTION,OWNER,NODE_ID,TASK_TYPE,CYCLIC,CRITICAL\r\n" +
        "1,FIN,EOD,extract.bat,FIN-EXTRACT,\"Extract, then \"\"load\"\"\nthe café ledger\",svc_fin,winhost01,Job,0,1\r\n" +
        "2,FIN,EOD,load.bat,FIN-LOAD,load,svc_fin,winhost01,Job,0,0\r\n";

    const string CsvFile = "JOB_NAME,FOLDER,DATACENTER,DESCRIPTION\nCSV-ONE,CSV_F,DC1,from a csv\n";

    static ByteArrayContent Part(string text, string? contentType)
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return part;
    }

    static MultipartFormDataContent Files(params (string Field, string FileName, string Text, string? ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, fileName, text, contentType) in files)
            form.Add(Part(text, contentType), field, fileName);
        return form;
    }

    /// <summary>The body exactly as the client's <c>JSON.stringify({ csvContent, replaceExisting })</c> writes it: no \u escapes for é or quotes.</summary>
    static StringContent ClientBody(string csvContent, bool replaceExisting) =>
        new(JsonSerializer.Serialize(new { csvContent, replaceExisting }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            Encoding.UTF8, "application/json");

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static async Task<int> CountAsync(TeamInstance team, string sql)
    {
        await using var connection = await team.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [Fact]
    public async Task Multipart_with_an_xml_and_a_csv_file_imports_both_and_audits_each_file_with_its_digest()
    {
        await using var team = await TeamInstance.StartAsync();
        var export = ImportJobsTests.Export();

        var report = await (await team.Admin.PostAsync(Import, Files(("files", "FIN.xml", export, "application/xml"), ("files", "more.csv", CsvFile, null))))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal((4, "mixed"), ((int)report["imported"]!, (string?)report["format"]));

        await using var sql = await team.OpenAsync();
        Assert.Equal(["DC1/CSV_F/CSV-ONE", "DC1/FIN_EOD/FIN-EXTRACT", "DC1/FIN_EOD/FIN-LOAD", "DC1/FIN_EOD/FIN-LOAD"],
            await sql.QueryAsync<string>("SELECT datacenter || '/' || folder || '/' || job_name FROM controlm_jobs ORDER BY 1"));
        var after = JsonNode.Parse(await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'controlm.imported'") ?? "{}")!;
        var files = after["files"]!.AsArray().Select(f => ((string?)f!["name"], (string?)f["format"], (string?)f["sha256"], (int)f["bytes"]!)).ToList();
        Assert.Equal([("FIN.xml", "xml", Sha256(export), Encoding.UTF8.GetByteCount(export)), ("more.csv", "csv", Sha256(CsvFile), Encoding.UTF8.GetByteCount(CsvFile))], files);
    }

    [Fact]
    public async Task A_broken_second_file_is_a_400_naming_that_file_and_nothing_is_written()
    {
        await using var team = await TeamInstance.StartAsync();
        var broken = ImportJobsTests.Export().Replace("</JOB>\r\n  </FOLDER>", "\r\n  </FOLDER>", StringComparison.Ordinal);

        var problem = await (await team.Admin.PostAsync(Import, Files(("a", "more.csv", CsvFile, "text/csv"), ("b", "Broken.xml", broken, null))))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("Broken.xml: 17:5", (string?)problem["errors"]![0]!["field"]);
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));

        var empty = new StringContent("--b--\r\n");
        empty.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var none = await (await team.Admin.PostAsync(Import, empty)).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("body", (string?)none["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task The_same_job_in_two_files_is_a_400_naming_both_places_and_nothing_is_written()
    {
        await using var team = await TeamInstance.StartAsync();
        var export = ImportJobsTests.Export();

        var problem = await (await team.Admin.PostAsync(Import, Files(("f", "monday.xml", export, null), ("f", "tuesday.xml", export, null))))
            .ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var error = problem["errors"]![0]!;
        Assert.StartsWith("tuesday.xml: ", (string?)error["field"]);
        Assert.Contains("DC1/FIN_EOD/FIN-EXTRACT (occurrence 1) is also at monday.xml: ", (string?)error["message"]);
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM audit_log WHERE action = 'controlm.imported'"));
    }

    [Fact]
    public async Task The_clients_body_imports_its_csv_and_answers_the_clients_counts()
    {
        await using var team = await TeamInstance.StartAsync();

        var report = await (await team.Admin.PostAsync(Import, ClientBody(EmJobList, replaceExisting: false))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((2, 0, 0, 2, "csv", "merge"), ((int)report["importedCount"]!, (int)report["updatedCount"]!, (int)report["skippedCount"]!,
            (int)report["imported"]!, (string?)report["format"], (string?)report["mode"]));
        Assert.Empty(report["errors"]!.AsArray());

        await using var sql = await team.OpenAsync();
        Assert.Equal("Extract, then \"load\"\nthe café ledger", await sql.ExecuteScalarAsync<string>("SELECT description FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'"));
        var after = JsonNode.Parse(await sql.ExecuteScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'controlm.imported'") ?? "{}")!;
        Assert.Equal(("csvContent", Sha256(EmJobList)), ((string?)after["files"]![0]!["name"], (string?)after["files"]![0]!["sha256"]));
        // features/jobs/components/job-detail-panel.tsx shows "ID: {job.jobId}", the export's own JOB_ID.
        var listed = await (await team.Admin.GetAsync("/api/v1/controlm-jobs?search=FIN-EXTRACT")).ShouldBe(HttpStatusCode.OK);
        var job = await (await team.Admin.GetAsync($"/api/v1/controlm-jobs/{listed["items"]![0]!["id"]}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("1", (string?)listed["items"]![0]!["jobId"]);
        Assert.Equal("1", (string?)(job["job"] ?? job)["jobId"]);

        // Unchanged rows are the client's skipped ones: imported + updated + skipped is the whole file.
        var again = await (await team.Admin.PostAsync(Import, ClientBody(EmJobList, replaceExisting: false))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((0, 0, 2), ((int)again["importedCount"]!, (int)again["updatedCount"]!, (int)again["skippedCount"]!));
    }

    [Fact]
    public async Task ReplaceExisting_after_the_csv_needs_controlm_delete_before_anything_is_written_and_the_query_mode_wins()
    {
        await using var team = await TeamInstance.StartAsync();
        await (await team.Admin.PostAsync(Import, ClientBody(EmJobList, replaceExisting: false))).ShouldBe(HttpStatusCode.OK);
        var importer = await team.SignInWithPermissionsAsync("importer", "controlm:read", "controlm:import");
        // Without a folder column, the application is the folder (FIN).
        var onlyLoad = "APPLICATION,JOB_NAME,DESCRIPTION\r\nFIN,FIN-LOAD,load again\r\n";
        // replaceExisting comes after csvContent: the mode is known only once the CSV is staged.
        var body = $$"""{"csvContent":{{JsonSerializer.Serialize(onlyLoad)}},"replaceExisting":true}""";

        var refused = await (await importer.PostAsync(Import, Json(body))).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("controlm:delete", (string?)refused["detail"]);
        Assert.Equal(2, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs WHERE description = 'load again'"));

        var merged = await (await team.Admin.PostAsync($"{Import}?mode=merge", Json(body))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("merge", 0, 1), ((string?)merged["mode"], (int)merged["removed"]!, (int)merged["updatedCount"]!));

        var replaced = await (await team.Admin.PostAsync(Import, Json(body))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(("replace", 1, 1), ((string?)replaced["mode"], (int)replaced["removed"]!, (int)replaced["skippedCount"]!));
        Assert.Equal(0, await CountAsync(team, "SELECT count(*) FROM controlm_jobs WHERE job_name = 'FIN-EXTRACT'"));
    }

    [Fact]
    public async Task Unicode_escapes_are_decoded_and_an_ill_formed_csvContent_is_a_400()
    {
        await using var team = await TeamInstance.StartAsync();
        // Members in the other order, whitespace, an unknown scalar member, a surrogate pair.
        const string body = """
            { "replaceExisting" : null, "source": "web", "csvContent" : "JOB_NAME,DESCRIPTION\n\u0041-JOB,caf\u00e9 \ud83d\ude00 \u20AC\r\n" }
            """;
        var report = await (await team.Admin.PostAsync(Import, Json(body))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (int)report["importedCount"]!);
        await using (var sql = await team.OpenAsync())
            Assert.Equal("café 😀 €", await sql.ExecuteScalarAsync<string>("SELECT description FROM controlm_jobs WHERE job_name = 'A-JOB'"));

        var bad = await (await team.Admin.PostAsync(Import, Json("""{"csvContent":"JOB_NAME\nB-JOB\x41\n","replaceExisting":false}"""))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("csvContent: byte 31", (string?)bad["errors"]![0]!["field"]);
        var missing = await (await team.Admin.PostAsync(Import, Json("""{"replaceExisting":false}"""))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("csvContent", (string?)missing["errors"]![0]!["field"]);
        await (await team.Admin.PostAsync(Import, Json("""{"csvContent":"JOB_NAME\nC-JOB\n","replaceExisting":"yes"}"""))).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(1, await CountAsync(team, "SELECT count(*) FROM controlm_jobs"));
    }

    /// <summary>An inner stream that gives one byte per read, so that every escape is split across reads.</summary>
    sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    static async Task<(string Text, string After)> ReadOneByteAtATime(string json)
    {
        var inner = new Trickle(Encoding.UTF8.GetBytes(json));
        var text = new JsonStringStream(inner, 0);
        var decoded = new List<byte>();
        var one = new byte[1];
        while (await text.ReadAsync(one) == 1)
            decoded.Add(one[0]);
        var rest = Encoding.UTF8.GetString(text.Remaining.Span) + await new StreamReader(inner).ReadToEndAsync();
        return (Encoding.UTF8.GetString([.. decoded]), rest);
    }

    [Fact]
    public async Task The_string_stream_unescapes_every_escape_when_read_one_byte_at_a_time()
    {
        var (text, rest) = await ReadOneByteAtATime("""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\ud83d\ude00é€","replaceExisting":true}""");
        Assert.Equal("a\"b\\c/d\be\ff\ng\rh\tié😀é€", text);
        Assert.Equal(""","replaceExisting":true}""", rest);

        Assert.Equal("byte 3", (await Assert.ThrowsAsync<ControlMFormatException>(() => ReadOneByteAtATime("ab\\x\""))).Location);
        Assert.Equal("byte 2", (await Assert.ThrowsAsync<ControlMFormatException>(() => ReadOneByteAtATime("a\nb\""))).Location);
        await Assert.ThrowsAsync<ControlMFormatException>(() => ReadOneByteAtATime("\\ud83d x\""));
        await Assert.ThrowsAsync<ControlMFormatException>(() => ReadOneByteAtATime("\\u12"));
        await Assert.ThrowsAsync<ControlMFormatException>(() => ReadOneByteAtATime("no closing quote"));
    }
}
