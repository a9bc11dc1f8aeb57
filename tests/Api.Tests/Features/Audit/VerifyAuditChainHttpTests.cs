using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Tests.Infrastructure;
using static WorkspaceOrganizer.Api.Tests.Features.Audit.AuditRows;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary><c>GET /api/v1/audit/verify</c>; how each kind of tampering is found is pinned in <see cref="VerifyAuditChainTests"/>.</summary>
public sealed class VerifyAuditChainHttpTests
{
    [Fact]
    public async Task An_untouched_log_is_valid_and_every_entry_is_checked()
    {
        await using var audit = await TeamInstance.StartAsync();
        await using var connection = await audit.OpenAsync();
        await AuditSeed.InsertSeriesAsync(connection, 40);
        var count = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log");

        var body = await (await audit.Admin.GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["valid"] = true, ["checked"] = count }, body), body.ToJsonString());
    }

    [Fact]
    public async Task A_row_changed_behind_the_logs_back_is_reported_at_its_sequence()
    {
        await using var audit = await TeamInstance.StartAsync();
        await using var connection = await audit.OpenAsync();
        await AuditSeed.InsertSeriesAsync(connection, 40);

        await TamperAsync(connection, """UPDATE audit_log SET after = '{"name": "innocent.sh"}' WHERE sequence = 17""");

        var body = await (await audit.Admin.GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["valid"] = false, ["checked"] = 17, ["firstInvalidSequence"] = 17 }, body), body.ToJsonString());
    }

    [Fact]
    public async Task A_deleted_row_is_reported_at_the_entry_after_the_gap()
    {
        await using var audit = await TeamInstance.StartAsync();
        await using var connection = await audit.OpenAsync();
        await AuditSeed.InsertSeriesAsync(connection, 40);

        await TamperAsync(connection, "DELETE FROM audit_log WHERE sequence = 23");

        var body = await (await audit.Admin.GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["valid"] = false, ["checked"] = 23, ["firstInvalidSequence"] = 24 }, body), body.ToJsonString());
    }

    [Fact]
    public async Task Without_a_token_it_is_a_401_and_without_audit_read_a_403()
    {
        await using var audit = await TeamInstance.StartAsync();

        await (await audit.Api.CreateClient().GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var forbidden = await (await audit.Owner.GetAsync("/api/v1/audit/verify")).ShouldBe(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains(Permission.AuditRead, (string?)forbidden["detail"]);
    }
}
