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

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> (AES-256-GCM) under a key derived (HKDF-SHA-256) from <paramref name="secret"/>,
    /// a token of 256 random bits that is itself stored only as its hash: what is sealed can be opened by whoever presents
    /// that token again, and by nobody who only reads the database.
    /// </summary>
    public static byte[] Seal(string plaintext, string secret)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + TagSize + clear.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(SealingKey(secret), TagSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return sealedBytes;
    }

    /// <summary>What <see cref="Seal"/> sealed with the same secret; null for any other secret or altered bytes.</summary>
    public static string? Unseal(byte[] sealedBytes, string secret)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
            return null;
        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(SealingKey(secret), TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), clear);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(clear);
    }

    const int NonceSize = 12, TagSize = 16;

    static byte[] SealingKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "workspace-organizer refresh grace"u8.ToArray());

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
