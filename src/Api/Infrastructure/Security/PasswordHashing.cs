using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// PBKDF2-HMAC-SHA512 at 210,000 iterations (OWASP's floor for SHA-512), in ASP.NET Identity's self-describing format,
/// so a later raise of the count re-hashes on the next sign-in. Hashing is bounded to one job per core: a burst of
/// sign-ins queues instead of starving every other request of CPU.
/// </summary>
public sealed class PasswordHashing : IDisposable
{
    public const int Iterations = 210_000;
    public const int MinimumLength = 10;
    public const int MaximumLength = 256;

    readonly PasswordHasher<object> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    readonly SemaphoreSlim _slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    readonly Lazy<string> _decoy;

    public PasswordHashing() => _decoy = new(() => _hasher.HashPassword(null!, Tokens.New()));

    public async Task<string> HashAsync(string password, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try { return _hasher.HashPassword(null!, password); }
        finally { _slots.Release(); }
    }

    /// <summary>
    /// Verifies against <paramref name="hash"/>, or against a decoy when the account does not exist so that an unknown
    /// user costs the same time as a wrong password.
    /// </summary>
    public async Task<bool> VerifyAsync(string? hash, string password, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            var result = _hasher.VerifyHashedPassword(null!, hash ?? _decoy.Value, password);
            return hash is not null && result != PasswordVerificationResult.Failed;
        }
        finally { _slots.Release(); }
    }

    public void Dispose() => _slots.Dispose();
}
