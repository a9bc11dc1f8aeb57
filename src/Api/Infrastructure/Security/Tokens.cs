using System.Security.Cryptography;
using System.Text;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>Opaque bearer tokens: 256 random bits, stored only as their SHA-256.</summary>
public static class Tokens
{
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A recovery key a person can copy: 200 random bits as 8 groups of 5 base32 characters.</summary>
    public static string NewRecoveryKey()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var bytes = RandomNumberGenerator.GetBytes(40);
        var chars = bytes.Select(b => alphabet[b % alphabet.Length]).ToArray();
        return string.Join('-', chars.Chunk(5).Select(c => new string(c)));
    }

    public static string NormalizeRecoveryKey(string key) => key.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public static string? FromAuthorizationHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
