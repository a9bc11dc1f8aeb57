using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.Errors;

using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Limits sign-in and recovery attempts per account name and per client address (the connection's address, never a
/// client-supplied header). A refused attempt is 429 <c>RATE_LIMITED</c> with <c>Retry-After</c>.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    readonly PartitionedRateLimiter<string> _perAccount;
    readonly PartitionedRateLimiter<string> _perAddress;

    public LoginThrottle(IOptions<AuthOptions> options)
    {
        _perAccount = PerMinute(options.Value.LoginAttemptsPerAccountPerMinute);
        _perAddress = PerMinute(options.Value.LoginAttemptsPerAddressPerMinute);
    }

    /// <summary>Counts one attempt; throws a 429 <see cref="ApiException"/> when either budget is spent.</summary>
    public void Attempt(HttpContext http, string account)
    {
        using var address = _perAddress.AttemptAcquire(ClientInfo.Of(http).IpAddress ?? "unknown");
        if (!address.IsAcquired)
            throw Limited(address);

        using var name = _perAccount.AttemptAcquire(account.Trim().ToUpperInvariant());
        if (!name.IsAcquired)
            throw Limited(name);
    }

    static ApiException Limited(RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new ApiException(429, ErrorCodes.RateLimited, $"Too many attempts. Try again in {seconds} seconds.")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        _perAccount.Dispose();
        _perAddress.Dispose();
    }
}
