using System.Security.Cryptography;
using System.Text;
using Dapper;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Lets a headless server be installed before anyone has a session: while the installation has no local owner, each
/// start writes a fresh one-time token to the log and to <c>setup-token</c> in the data folder (owner-only). It
/// authorises the installation endpoints only, works once, and never once a local owner exists.
/// </summary>
public sealed class SetupToken(LocalDatabase db, ILogger<SetupToken> logger)
{
    public const string FileName = "setup-token";
    public const string CallerId = "setup-token";
    byte[]? _hash;

    string FilePath => Path.Combine(db.DataDirectory, FileName);

    const string OwnerExistsSql = "SELECT EXISTS (SELECT 1 FROM local_users)";

    public async Task IssueIfNeededAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(OwnerExistsSql, cancellationToken: ct)))
        {
            Consume();
            return;
        }

        var token = Tokens.New();
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        await File.WriteAllTextAsync(FilePath, token + Environment.NewLine, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogWarning("No local owner yet. One-time setup token for the installation endpoints: {SetupToken} (also in {SetupTokenFile})", token, FilePath);
    }

    /// <summary>The installer caller when <paramref name="token"/> is the live setup token and there is still no local owner.</summary>
    public async Task<Caller?> AuthenticateAsync(string token, CancellationToken ct)
    {
        var expected = _hash;
        if (expected is null || !CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            return null;
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(OwnerExistsSql, cancellationToken: ct)))
        {
            Consume();
            return null;
        }
        return new Caller(CallerId, CallerId, Realms.Setup, CallerId, new HashSet<string> { Permission.InstallationManage });
    }

    public void Consume()
    {
        _hash = null;
        File.Delete(FilePath);
    }
}
