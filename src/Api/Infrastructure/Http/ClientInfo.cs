using System.Net;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Who is on the other end of a request, read one way for every reader (sessions, the audit log, the login throttle):
/// the peer address with IPv4-mapped IPv6 addresses (<c>::ffff:127.0.0.1</c>) shown as IPv4, so one client is one key and
/// one value everywhere, and the user agent cut to <see cref="MaxUserAgentLength"/> characters without splitting a
/// surrogate pair. Forwarded headers are not read: they are the client's word, and a throttle keyed on them is no throttle.
/// </summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent)
{
    /// <summary>The length of the <c>user_agent</c> columns of sessions and the audit log.</summary>
    public const int MaxUserAgentLength = 512;

    public static ClientInfo Of(HttpContext http) =>
        new(Address(http.Connection.RemoteIpAddress), Shorten(http.Request.Headers.UserAgent.ToString()));

    static string? Address(IPAddress? address) =>
        (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();

    static string? Shorten(string userAgent)
    {
        if (userAgent.Length == 0)
            return null;
        if (userAgent.Length <= MaxUserAgentLength)
            return userAgent;
        var length = char.IsHighSurrogate(userAgent[MaxUserAgentLength - 1]) ? MaxUserAgentLength - 1 : MaxUserAgentLength;
        return userAgent[..length];
    }
}
