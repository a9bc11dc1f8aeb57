using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class GetAuditEntryTests(SeededAuditLog seeded) : IClassFixture<SeededAuditLog>
{
    [Fact]
    public async Task An_entry_is_returned_whole_with_before_and_after_as_json_objects()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        Guid id;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            id = await AuditLog.AppendAsync(connection, tx, Actor,
                new AuditEntry("script.updated", "script", "script-42", new { name = "old.sh", tags = new[] { "ops" } }, new { name = "new.sh", size = 12 }),
                new AuditContext("req-get", "198.51.100.9", "curl/8.5.0", new DateTimeOffset(2026, 3, 1, 14, 30, 45, 123, TimeSpan.Zero)),
                CancellationToken.None);
            await tx.CommitAsync();
        }
        var stored = Assert.Single(await AllAsync(connection), e => e.Id == id);

        var body = await (await seeded.Audit.Admin.GetAsync($"/api/v1/audit/{id}")).ShouldBe(HttpStatusCode.OK);

        var expected = JsonNode.Parse($$"""
            {"entry": {
              "id": "{{id}}", "sequence": {{stored.Sequence}}, "occurredAt": "2026-03-01T14:30:45.123Z",
              "actor": {"userId": "{{Actor.UserId}}", "username": "alice", "realm": "team"},
              "action": "script.updated", "resourceType": "script", "resourceId": "script-42",
              "before": {"name": "old.sh", "tags": ["ops"]}, "after": {"name": "new.sh", "size": 12},
              "requestId": "req-get", "ipAddress": "198.51.100.9", "userAgent": "curl/8.5.0", "hash": "{{stored.Hash}}"
            }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    [Fact]
    public async Task An_entry_without_actor_or_changes_has_nulls()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        Guid anonymous;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            anonymous = await AuditLog.AppendAsync(connection, tx, new AuditActor(null, null, null),
                new AuditEntry("auth.login_failed", "session", null), new AuditContext(null, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
            await tx.CommitAsync();
        }

        var entry = (await (await seeded.Audit.Admin.GetAsync($"/api/v1/audit/{anonymous}")).ShouldBe(HttpStatusCode.OK))["entry"]!.AsObject();

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["userId"] = null, ["username"] = null, ["realm"] = null }, entry["actor"]));
        foreach (var field in new[] { "resourceId", "before", "after", "requestId", "ipAddress", "userAgent" })
        {
            Assert.True(entry.ContainsKey(field), field);
            Assert.Null(entry[field]);
        }
    }

    [Theory]
    [InlineData("0196f1c2-7a00-7000-8000-000000000000")]
    [InlineData("not-an-id")]
    [InlineData("12345")]
    public async Task An_unknown_or_malformed_id_is_a_404(string id)
    {
        await (await seeded.Audit.Admin.GetAsync($"/api/v1/audit/{id}")).ShouldBe(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Without_a_token_it_is_a_401_and_without_audit_read_a_403()
    {
        await using var connection = await seeded.Audit.OpenAsync();
        var id = await connection.QueryFirstAsync<Guid>("SELECT id FROM audit_log LIMIT 1");

        await (await seeded.Audit.Api.CreateClient().GetAsync($"/api/v1/audit/{id}")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await seeded.Audit.Owner.GetAsync($"/api/v1/audit/{id}")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains(Permission.AuditRead, (string?)forbidden["detail"]);
    }
}
