using System.Net;
using System.Text.Json.Nodes;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class ExportAuditLogTests(SeededAuditLog seeded) : IClassFixture<SeededAuditLog>
{
    internal static readonly string[] CsvHeader =
        ["id", "sequence", "occurredAt", "actorUserId", "actorUsername", "actorRealm", "action", "resourceType", "resourceId",
         "before", "after", "requestId", "ipAddress", "userAgent", "hash"];

    [Fact]
    public async Task Csv_has_a_header_then_every_entry_oldest_first_as_rfc_4180_with_compact_json()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        var stored = await AllAsync(connection);

        using var response = await seeded.Audit.Admin.GetAsync("/api/v1/audit/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Matches(@"^attachment; filename=audit-\d{8}T\d{6}Z\.csv$", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var records = ParseCsv(text);
        Assert.Equal(CsvHeader, records[0]);
        Assert.Equal(stored.Count, records.Count - 1);
        foreach (var (entry, record) in stored.Zip(records.Skip(1)))
        {
            Assert.Equal(
                [entry.Id.ToString(), entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Microseconds(entry.OccurredAt),
                 entry.ActorUserId ?? "", entry.ActorUsername ?? "", entry.ActorRealm ?? "", entry.Action, entry.ResourceType, entry.ResourceId ?? "",
                 Compact(entry.Before), Compact(entry.After), entry.RequestId ?? "", entry.IpAddress ?? "", entry.UserAgent ?? "", entry.Hash],
                record);
        }
        // The seeded values need quoting: commas and quotes in before/after and in the user agent.
        Assert.Contains("\"{\"\"name\"\":\"\"backup \\\"\"2\\\"\", nightly\"\",\"\"size\"\":2}\"", text, StringComparison.Ordinal);
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_has_one_entry_per_line_oldest_first_in_the_entry_shape()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        var stored = await AllAsync(connection);

        using var response = await seeded.Audit.Admin.GetAsync("/api/v1/audit/export?format=ndjson");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^attachment; filename=audit-\d{8}T\d{6}Z\.ndjson$", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.Equal(stored.Count, lines.Length);
        foreach (var (entry, line) in stored.Zip(lines))
        {
            var expected = new JsonObject
            {
                ["id"] = entry.Id.ToString(),
                ["sequence"] = entry.Sequence,
                ["occurredAt"] = Microseconds(entry.OccurredAt),
                ["actor"] = new JsonObject { ["userId"] = entry.ActorUserId, ["username"] = entry.ActorUsername, ["realm"] = entry.ActorRealm },
                ["action"] = entry.Action,
                ["resourceType"] = entry.ResourceType,
                ["resourceId"] = entry.ResourceId,
                ["before"] = entry.Before is null ? null : JsonNode.Parse(entry.Before),
                ["after"] = entry.After is null ? null : JsonNode.Parse(entry.After),
                ["requestId"] = entry.RequestId,
                ["ipAddress"] = entry.IpAddress,
                ["userAgent"] = entry.UserAgent,
                ["hash"] = entry.Hash,
            };
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(line)), $"Expected {expected.ToJsonString()}\nGot {line}");
        }
        Assert.Contains("Zoë's backup", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task The_filters_narrow_the_export_like_the_list(string format)
    {
        await using var connection = await seeded.Audit.OpenAsync();
        var stored = await AllAsync(connection);
        const string query = "resourceType=script&from=2020-01-01T00:10:00Z&to=2020-01-01T00:50:00Z";

        var exported = await ExportedIdsAsync(seeded.Audit.Admin, format, query);
        var (listed, _) = await ListAuditEntriesTests.PageThroughAsync(seeded.Audit.Admin, $"/api/v1/audit?pageSize=100&{query}");

        var expected = stored
            .Where(e => e.ResourceType == "script" && e.OccurredAt >= new DateTime(2020, 1, 1, 0, 10, 0) && e.OccurredAt < new DateTime(2020, 1, 1, 0, 50, 0))
            .Select(e => e.Id.ToString())
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, exported);
        Assert.Equal(expected, Enumerable.Reverse(listed));
    }

    [Fact]
    public async Task An_export_that_matches_nothing_is_the_csv_header_alone_or_an_empty_ndjson()
    {
        var csv = await seeded.Audit.Admin.GetAsync("/api/v1/audit/export?format=csv&action=user.deactivated");
        var ndjson = await seeded.Audit.Admin.GetAsync("/api/v1/audit/export?format=ndjson&action=user.deactivated");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(string.Join(',', CsvHeader) + "\r\n", await csv.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ndjson.StatusCode);
        Assert.Equal("", await ndjson.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_field_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote_in_csv_and_is_unchanged_in_ndjson()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        Guid id;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            id = await AuditLog.AppendAsync(connection, tx, new AuditActor(null, "@SUM(1+1)", "team"),
                new AuditEntry("script.created", "script", "=HYPERLINK(\"http://example.test\",\"x\")"),
                new AuditContext("-req", "198.51.100.1", "+cmd|' /C calc'!A0", DateTimeOffset.UtcNow), CancellationToken.None);
            await tx.CommitAsync();
        }

        var csv = ParseCsv(await seeded.Audit.Admin.GetStringAsync("/api/v1/audit/export?format=csv&action=script.created&resourceType=script"));
        var ndjson = await seeded.Audit.Admin.GetStringAsync("/api/v1/audit/export?format=ndjson&action=script.created&resourceType=script");

        var row = Assert.Single(csv, r => r[0] == id.ToString());
        Assert.Equal("'@SUM(1+1)", row[4]);
        Assert.Equal("'=HYPERLINK(\"http://example.test\",\"x\")", row[8]);
        Assert.Equal("'-req", row[11]);
        Assert.Equal("'+cmd|' /C calc'!A0", row[13]);
        var line = JsonNode.Parse(Assert.Single(ndjson.Split('\n'), l => l.Contains(id.ToString(), StringComparison.Ordinal)))!;
        Assert.Equal("@SUM(1+1)", (string?)line["actor"]!["username"]);
        Assert.Equal("=HYPERLINK(\"http://example.test\",\"x\")", (string?)line["resourceId"]);
        Assert.Equal("-req", (string?)line["requestId"]);
        Assert.Equal("+cmd|' /C calc'!A0", (string?)line["userAgent"]);
    }

    [Theory]
    [InlineData("", "format")]
    [InlineData("format=", "format")]
    [InlineData("format=xml", "format")]
    [InlineData("format=csv&from=yesterday", "from")]
    [InlineData("format=ndjson&to=2020-02-30", "to")]
    [InlineData("format=csv&actorId=bob", "actorId")]
    [InlineData("format=csv&action=Login", "action")]
    [InlineData("format=csv&resourceId=x", "resourceId")]
    public async Task A_bad_format_or_filter_is_a_400_naming_the_field(string query, string field)
    {
        var problem = await (await seeded.Audit.Admin.GetAsync($"/api/v1/audit/export?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Fact]
    public async Task Without_a_token_it_is_a_401()
    {
        await (await seeded.Audit.Api.CreateClient().GetAsync("/api/v1/audit/export?format=csv")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Reading_the_log_is_not_enough_to_export_it()
    {
        var reader = await seeded.Audit.SignInWithPermissionsAsync("rita", Permission.AuditRead);

        await (await reader.GetAsync("/api/v1/audit")).ShouldBe(HttpStatusCode.OK);
        var forbidden = await (await reader.GetAsync("/api/v1/audit/export?format=csv")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        var owner = await (await seeded.Audit.Owner.GetAsync("/api/v1/audit/export?format=csv")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains(Permission.AuditExport, (string?)forbidden["detail"]);
        Assert.Contains(Permission.AuditExport, (string?)owner["detail"]);
    }

    internal static string Microseconds(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The jsonb text as compact JSON, or an empty field for null.</summary>
    internal static string Compact(string? json) => json is null ? "" : JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    static List<IReadOnlyList<string>> ParseCsv(string text)
    {
        var records = new List<IReadOnlyList<string>>();
        var parser = new Rfc4180(records.Add);
        parser.Feed(text);
        parser.Finish();
        return records;
    }

    static async Task<List<string>> ExportedIdsAsync(HttpClient client, string format, string query)
    {
        var text = await (await client.GetAsync($"/api/v1/audit/export?format={format}&{query}")).Content.ReadAsStringAsync();
        return format == "csv"
            ? [.. ParseCsv(text).Skip(1).Select(r => r[0])]
            : [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (string)JsonNode.Parse(l)!["id"]!)];
    }
}
