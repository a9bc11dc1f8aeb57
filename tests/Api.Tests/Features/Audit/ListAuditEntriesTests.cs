using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class ListAuditEntriesTests(SeededAuditLog seeded) : IClassFixture<SeededAuditLog>
{
    [Fact]
    public async Task The_newest_entries_come_first_in_the_entry_shape_with_a_cursor_to_the_next_page()
    {
        var audit = seeded.Audit;
        await using var connection = await audit.OpenAsync();
        var stored = await AllAsync(connection);

        var page = await (await audit.Admin.GetAsync("/api/v1/audit")).ShouldBe(HttpStatusCode.OK);

        var items = page["items"]!.AsArray();
        Assert.Equal(stored.OrderByDescending(e => e.Sequence).Take(20).Select(e => e.Id.ToString()), items.Select(i => (string?)i!["id"]));
        Assert.Equal(20, (int)page["meta"]!["pageSize"]!);
        Assert.False(string.IsNullOrEmpty((string?)page["meta"]!["nextCursor"]));

        var newest = stored[^1];
        var expected = new JsonObject
        {
            ["id"] = newest.Id.ToString(),
            ["sequence"] = newest.Sequence,
            ["occurredAt"] = newest.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["actor"] = new JsonObject { ["userId"] = newest.ActorUserId, ["username"] = newest.ActorUsername, ["realm"] = newest.ActorRealm },
            ["action"] = newest.Action,
            ["resourceType"] = newest.ResourceType,
            ["resourceId"] = newest.ResourceId,
            ["before"] = newest.Before is null ? null : JsonNode.Parse(newest.Before),
            ["after"] = JsonNode.Parse(newest.After!),
            ["requestId"] = newest.RequestId,
            ["ipAddress"] = newest.IpAddress,
            ["userAgent"] = newest.UserAgent,
            ["hash"] = newest.Hash,
        };
        Assert.True(JsonNode.DeepEquals(expected, items[0]), $"Expected {expected.ToJsonString()}\nGot {items[0]!.ToJsonString()}");
    }

    [Fact]
    public async Task Following_the_cursor_visits_every_entry_once_and_the_last_page_has_no_cursor()
    {
        var audit = seeded.Audit;
        await using var connection = await audit.OpenAsync();
        var stored = await AllAsync(connection);

        var (ids, pages) = await PageThroughAsync(audit.Admin, "/api/v1/audit?pageSize=7");

        Assert.Equal(stored.OrderByDescending(e => e.Sequence).Select(e => e.Id.ToString()), ids);
        Assert.Equal((stored.Count + 6) / 7, pages);
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_oldest_entry_is_the_last()
    {
        var audit = seeded.Audit;
        await using var connection = await audit.OpenAsync();
        var count = (await AllAsync(connection)).Count;

        var page = await (await audit.Admin.GetAsync($"/api/v1/audit?pageSize={count}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(count, page["items"]!.AsArray().Count);
        Assert.Null(page["meta"]!["nextCursor"]);
        Assert.True(page["meta"]!.AsObject().ContainsKey("nextCursor"));
    }

    public static TheoryData<string, Func<StoredEntry, bool>> Filters => new()
    {
        { $"actorId={AuditSeed.ActorIds[1]}", e => e.ActorUserId == AuditSeed.ActorIds[1] },
        { $"actorId={AuditSeed.ActorIds[1].ToUpperInvariant()}", e => e.ActorUserId == AuditSeed.ActorIds[1] },
        { "action=script.updated", e => e.Action == "script.updated" },
        { "resourceType=role", e => e.ResourceType == "role" },
        { "resourceType=script&resourceId=script-3", e => e is { ResourceType: "script", ResourceId: "script-3" } },
        { "from=2020-01-01T00:40:00Z", e => e.OccurredAt >= new DateTime(2020, 1, 1, 0, 40, 0) },
        { "to=2020-01-01T00:40:00Z", e => e.OccurredAt < new DateTime(2020, 1, 1, 0, 40, 0) },
        { "from=2020-01-01T00:20:00Z&to=2020-01-01T00:30:00Z", e => e.OccurredAt >= new DateTime(2020, 1, 1, 0, 20, 0) && e.OccurredAt < new DateTime(2020, 1, 1, 0, 30, 0) },
        { "from=2020-01-01T01:20:00%2B01:00&to=2020-01-01T00:30", e => e.OccurredAt >= new DateTime(2020, 1, 1, 0, 20, 0) && e.OccurredAt < new DateTime(2020, 1, 1, 0, 30, 0) },
        { "to=2020-01-01", e => false },
        { "to=2020-01-01T00:05", e => e.OccurredAt < new DateTime(2020, 1, 1, 0, 5, 0) },
        { "from=2020-01-02", e => e.OccurredAt >= new DateTime(2020, 1, 2) },
        { $"actorId={AuditSeed.ActorIds[0]}&action=script.deleted&from=2020-01-01T00:10:00Z", e => e.ActorUserId == AuditSeed.ActorIds[0] && e.Action == "script.deleted" && e.OccurredAt >= new DateTime(2020, 1, 1, 0, 10, 0) },
        { "action=user.deactivated", e => false },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_narrows_the_list_to_the_matching_entries(string query, Func<StoredEntry, bool> matches)
    {
        var audit = seeded.Audit;
        await using var connection = await audit.OpenAsync();
        var stored = await AllAsync(connection);

        var (ids, _) = await PageThroughAsync(audit.Admin, $"/api/v1/audit?pageSize=4&{query}");

        var expected = stored.Where(matches).OrderByDescending(e => e.Sequence).Select(e => e.Id.ToString()).ToList();
        Assert.Equal(expected, ids);
        Assert.True(expected.Count < stored.Count, "a filter must leave something out");
    }

    [Fact]
    public async Task A_time_window_is_exact_when_entry_times_are_out_of_sequence_order()
    {
        await using var audit = await TeamInstance.StartAsync();
        await using var connection = await audit.OpenAsync();
        // Clocks of several instances: times jump back and forth by up to an hour between consecutive appends.
        var random = new Random(7310021);
        for (var i = 0; i < 80; i++)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var at = AuditSeed.Start.AddMinutes(i * 10 + random.Next(-60, 61));
            await AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated($"skewed-{i}"), new AuditContext(null, null, null, at), CancellationToken.None);
            await tx.CommitAsync();
        }
        var stored = await AllAsync(connection);

        foreach (var (from, to) in new[] { (100, 200), (0, 30), (700, 800), (300, 310), (-100, 0) })
        {
            var start = AuditSeed.Start.AddMinutes(from).UtcDateTime;
            var end = AuditSeed.Start.AddMinutes(to).UtcDateTime;
            var (ids, _) = await PageThroughAsync(audit.Admin,
                $"/api/v1/audit?pageSize=3&from={start:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={end:yyyy-MM-dd'T'HH:mm:ss'Z'}");

            var expected = stored.Where(e => e.OccurredAt >= start && e.OccurredAt < end).OrderByDescending(e => e.Sequence).Select(e => e.Id.ToString());
            Assert.Equal(expected, ids);
        }
    }

    [Fact]
    public async Task Paging_returns_each_entry_exactly_once_while_100_entries_are_appended_concurrently()
    {
        await using var audit = await TeamInstance.StartAsync();
        await using (var seed = await audit.OpenAsync())
            await AuditSeed.InsertSeriesAsync(seed, 150);
        List<Guid> existing;
        await using (var connection = await audit.OpenAsync())
            existing = [.. (await AllAsync(connection)).Select(e => e.Id)];

        await using var writers = NpgsqlDataSource.Create(audit.ConnectionString);
        var turns = new SemaphoreSlim(0);
        var appended = new List<Guid>();
        var appender = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await turns.WaitAsync();
                await using var connection = await writers.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                var id = await AuditLog.AppendAsync(connection, tx, Actor, ScriptCreated($"concurrent-{i}"), Context(), CancellationToken.None);
                await tx.CommitAsync();
                lock (appended)
                    appended.Add(id);
            }
        });

        var seen = new List<string>();
        var released = 0;
        var appendedWhilePaging = new List<int>();
        var url = "/api/v1/audit?pageSize=7";
        while (true)
        {
            var page = await (await audit.Admin.GetAsync(url)).ShouldBe(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            // At least one append lands between this page and the next; the other three overlap the next request.
            released = Math.Min(released + 4, 100);
            turns.Release(4);
            await WaitUntilAsync(() => Count(appended) >= released - 3);
            appendedWhilePaging.Add(Count(appended));
            var next = (string?)page["meta"]!["nextCursor"];
            if (next is null)
                break;
            url = $"/api/v1/audit?pageSize=7&cursor={next}";
        }
        turns.Release(100);
        await appender.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(existing.Select(id => id.ToString()).Order(), seen.Order());
        Assert.True(appendedWhilePaging[^1] >= 50, $"the appends should overlap the paging; only {appendedWhilePaging[^1]} had landed by the last page");
        await using var check = await audit.OpenAsync();
        Assert.Equal(existing.Count + 100, (await AllAsync(check)).Count);
        Assert.Equal((true, existing.Count + 100L, (long?)null), await AuditChain.VerifyAsync(check, CancellationToken.None));
    }

    [Theory]
    [InlineData("actorId=alice", "actorId")]
    [InlineData("actorId=", "actorId")]
    [InlineData("action=Script.Created", "action")]
    [InlineData("action=script", "action")]
    [InlineData("resourceType=", "resourceType")]
    [InlineData("resourceType=script&resourceId=", "resourceId")]
    [InlineData("resourceId=script-1", "resourceId")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=03/01/2026", "from")]
    [InlineData("to=2026-03-01T25:00:00Z", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("from=2026-03-01&to=2026-03-01", "to")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AAAAAAAAAAA", "cursor")]
    [InlineData("cursor=AAAAAAAAAAE=", "cursor")]
    [InlineData("cursor=AAAAAAAAAAE%2B", "cursor")]
    [InlineData("cursor=", "cursor")]
    public async Task A_bad_filter_page_size_or_cursor_is_a_400_naming_the_field(string query, string field)
    {
        var problem = await (await seeded.Audit.Admin.GetAsync($"/api/v1/audit?{query}")).ShouldBe(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Contains(field, problem["errors"]!.AsArray().Select(e => (string?)e!["field"]));
    }

    [Fact]
    public async Task A_cursor_at_the_oldest_entry_gives_an_empty_last_page()
    {
        // Sequence 1 is the oldest entry: nothing is older.
        var page = await (await seeded.Audit.Admin.GetAsync("/api/v1/audit?cursor=AAAAAAAAAAE")).ShouldBe(HttpStatusCode.OK);

        Assert.Empty(page["items"]!.AsArray());
        Assert.Null(page["meta"]!["nextCursor"]);
    }

    [Fact]
    public async Task Without_a_token_it_is_a_401()
    {
        await (await seeded.Audit.Api.CreateClient().GetAsync("/api/v1/audit")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Without_audit_read_it_is_a_403_for_the_local_owner_and_a_viewer()
    {
        var audit = seeded.Audit;
        await audit.AddMemberAsync("vera", "viewer");
        var viewer = await audit.SignInAsync("vera");

        var owner = await (await audit.Owner.GetAsync("/api/v1/audit")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        var forbidden = await (await viewer.GetAsync("/api/v1/audit")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains(Permission.AuditRead, (string?)owner["detail"]);
        Assert.Contains(Permission.AuditRead, (string?)forbidden["detail"]);
    }

    [Fact]
    public async Task The_built_in_auditor_may_read()
    {
        await using var audit = await TeamInstance.StartAsync();
        await audit.AddMemberAsync("audrey", "auditor");
        var auditor = await audit.SignInAsync("audrey");

        var page = await (await auditor.GetAsync("/api/v1/audit?action=auth.login")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["audrey", "admin"], page["items"]!.AsArray().Select(i => (string?)i!["actor"]!["username"]));
    }

    static int Count(List<Guid> list)
    {
        lock (list)
            return list.Count;
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the appends do not progress");
            await Task.Delay(5);
        }
    }

    /// <summary>Follows nextCursor from <paramref name="url"/> to the last page; the ids in order and the page count.</summary>
    internal static async Task<(List<string> Ids, int Pages)> PageThroughAsync(HttpClient client, string url)
    {
        var ids = new List<string>();
        var pages = 0;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = url;
        while (true)
        {
            var page = await (await client.GetAsync(next)).ShouldBe(HttpStatusCode.OK);
            pages++;
            ids.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            var cursor = (string?)page["meta"]!["nextCursor"];
            if (cursor is null)
                return (ids, pages);
            Assert.True(pages < 1000, "paging does not end");
            next = $"{url}{separator}cursor={cursor}";
        }
    }
}
