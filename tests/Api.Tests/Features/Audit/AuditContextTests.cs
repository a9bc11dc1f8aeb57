using System.Net;
using Microsoft.AspNetCore.Http;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

public sealed class AuditContextTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_context_of_a_request_carries_its_request_id_client_address_user_agent_and_time()
    {
        var http = new DefaultHttpContext();
        http.Items[RequestIdMiddleware.Header] = "req-42";
        http.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.10");
        http.Request.Headers.UserAgent = "WorkspaceOrganizer/1.0";

        Assert.Equal(new AuditContext("req-42", "192.0.2.10", "WorkspaceOrganizer/1.0", Now), AuditContext.From(http, Now));
    }
}
