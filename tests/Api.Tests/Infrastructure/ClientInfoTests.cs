using System.Net;
using Microsoft.AspNetCore.Http;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

public sealed class ClientInfoTests
{
    static ClientInfo Of(string? address = null, string? userAgent = null)
    {
        var http = new DefaultHttpContext();
        if (address is not null)
            http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (userAgent is not null)
            http.Request.Headers.UserAgent = userAgent;
        return ClientInfo.Of(http);
    }

    [Theory]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10")]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    public void An_IPv4_mapped_address_is_the_IPv4_address_so_one_client_is_one_key(string remote, string expected) =>
        Assert.Equal(expected, Of(remote).IpAddress);

    [Fact]
    public void A_request_without_address_or_user_agent_leaves_them_empty() =>
        Assert.Equal(new ClientInfo(null, null), Of());

    [Fact]
    public void A_forwarded_header_is_not_the_client_address()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.Request.Headers["X-Forwarded-For"] = "203.0.113.7";

        Assert.Equal("127.0.0.1", ClientInfo.Of(http).IpAddress);
    }

    [Fact]
    public void A_long_user_agent_is_cut_to_512_characters() =>
        Assert.Equal(new string('a', 511) + "b", Of(userAgent: new string('a', 511) + "bcdef").UserAgent);

    [Fact]
    public void The_cut_never_splits_a_surrogate_pair()
    {
        var agent = new string('a', 511) + "😀" + "tail";

        Assert.Equal(new string('a', 511), Of(userAgent: agent).UserAgent);
    }
}
