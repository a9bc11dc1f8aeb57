using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary>50,000 entries of about 1 KB each, written by one generate_series statement through the chain trigger.</summary>
public sealed class LargeAuditLog : IAsyncLifetime
{
    public const int Count = 50_000;

    TeamInstance? _audit;

    public TeamInstance Audit => _audit ?? throw new InvalidOperationException("Started in InitializeAsync.");

    /// <summary>What the export must reproduce, in sequence order.</summary>
    public List<ExpectedEntry> Entries { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _audit = await TeamInstance.StartAsync();
        await using var connection = await _audit.OpenAsync();
        await AuditSeed.InsertSeriesAsync(connection, Count, userAgentLength: 512);
        Entries = [.. await connection.QueryAsync<ExpectedEntry>(
            "SELECT id::text AS Id, action AS Action, actor_username AS ActorUsername, before::text AS Before, after::text AS After FROM audit_log ORDER BY sequence")];
    }

    public async Task DisposeAsync()
    {
        if (_audit is not null)
            await _audit.DisposeAsync();
    }
}

public sealed record ExpectedEntry(string Id, string Action, string? ActorUsername, string? Before, string? After);

public sealed class ExportAuditLogAtScaleTests(LargeAuditLog log) : IClassFixture<LargeAuditLog>
{
    /// <summary>
    /// The export's statement, told apart from the list's (DESC LIMIT) and from verification's (no entry columns). Counted
    /// on client backends only: when the planner runs the scan in parallel, its workers show the same query text.
    /// </summary>
    const string ExportStatementRunningSql = """
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'
          AND query LIKE '%a.user_agent AS UserAgent%FROM audit_log a%ORDER BY a.sequence'
        """;

    /// <summary>
    /// Streamed, not buffered: the client reads the first line and then stops reading. Were the rows (or the body)
    /// collected before sending, the query would have finished before the first byte left the server. Instead the
    /// statement is still running in PostgreSQL while the client holds back, because the server writes each row as it
    /// reads it and waits when the client is behind: about 50 MB of rows cannot fit in what lies between (the response
    /// pipe's 64 KB, a 32 KB flush threshold, Npgsql's 8 KB read buffer, and at most 36 MB of loopback socket buffers on
    /// this kernel). Once the client has read everything the statement is gone, so the check does see the export.
    /// Server memory is not measured: the tests share one process, and a GC figure would be noise.
    /// </summary>
    [Theory]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task Fifty_thousand_entries_stream_out_while_the_query_runs_and_parse_back_to_the_same_entries(string format)
    {
        await using var observer = await log.Audit.OpenAsync();
        using var response = await log.Audit.Admin.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit/export?format={format}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096);

        var checker = new EntryChecker(log.Entries, format);
        var first = await reader.ReadLineAsync();
        Assert.NotNull(first);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, await observer.ExecuteScalarAsync<int>(ExportStatementRunningSql));

        checker.Feed(first + (format == "csv" ? "\r\n" : "\n"));
        var buffer = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
            checker.Feed(buffer.AsSpan(0, read));
        checker.Finish();

        Assert.Equal(LargeAuditLog.Count + 3, log.Entries.Count);
        Assert.Equal(log.Entries.Count, checker.Checked);
        await WaitForNoExportStatementAsync(observer);
    }

    static async Task WaitForNoExportStatementAsync(NpgsqlConnection observer)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await observer.ExecuteScalarAsync<int>(ExportStatementRunningSql) > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the export statement is still running after the body was read");
            await Task.Delay(50);
        }
    }

    /// <summary>Compares each exported entry with the stored one as the chunks arrive, without keeping the body.</summary>
    sealed class EntryChecker
    {
        readonly List<ExpectedEntry> _expected;
        readonly Rfc4180? _csv;
        readonly StringBuilder _line = new();
        bool _header = true;

        public EntryChecker(List<ExpectedEntry> expected, string format)
        {
            _expected = expected;
            if (format == "csv")
                _csv = new Rfc4180(OnCsvRecord);
        }

        public int Checked { get; private set; }

        public void Feed(ReadOnlySpan<char> chunk)
        {
            if (_csv is not null)
            {
                _csv.Feed(chunk);
                return;
            }
            foreach (var c in chunk)
            {
                if (c != '\n')
                {
                    _line.Append(c);
                    continue;
                }
                var entry = JsonNode.Parse(_line.ToString())!;
                _line.Clear();
                Check((string)entry["id"]!, (string)entry["action"]!, (string?)entry["actor"]!["username"], entry["before"], entry["after"]);
            }
        }

        public void Finish()
        {
            _csv?.Finish();
            Assert.Equal(0, _line.Length);
        }

        void OnCsvRecord(IReadOnlyList<string> record)
        {
            if (_header)
            {
                Assert.Equal(ExportAuditLogTests.CsvHeader, record);
                _header = false;
                return;
            }
            Assert.Equal(15, record.Count);
            Check(record[0], record[6], record[4].Length == 0 ? null : record[4],
                record[9].Length == 0 ? null : JsonNode.Parse(record[9]), record[10].Length == 0 ? null : JsonNode.Parse(record[10]));
        }

        void Check(string id, string action, string? username, JsonNode? before, JsonNode? after)
        {
            var expected = _expected[Checked];
            Assert.Equal((expected.Id, expected.Action, expected.ActorUsername), (id, action, username));
            Assert.True(JsonNode.DeepEquals(expected.Before is null ? null : JsonNode.Parse(expected.Before), before), $"before of {id}");
            Assert.True(JsonNode.DeepEquals(expected.After is null ? null : JsonNode.Parse(expected.After), after), $"after of {id}");
            Checked++;
        }
    }
}
