using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// The installed connection string, encrypted with ASP.NET Core Data Protection in the local settings table. Keys that
/// can no longer decrypt it (a lost key folder) degrade the installation to "not configured" instead of failing.
/// </summary>
public sealed class StoredConnection(LocalDatabase db, IDataProtectionProvider protection, TimeProvider clock, ILogger<StoredConnection> logger)
{
    const string Key = "shared_db.connection_string";
    readonly IDataProtector _protector = protection.CreateProtector("WorkspaceOrganizer.SharedDb.ConnectionString.v1");

    public async Task<SharedConnectionTarget?> LoadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var protectedValue = await LocalSettings.ReadAsync(connection, Key, ct);
        if (protectedValue is null)
            return null;
        try
        {
            return SharedConnectionTarget.Parse(_protector.Unprotect(protectedValue));
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The stored shared database connection cannot be decrypted (its key is gone); running as not configured until it is installed again");
            return null;
        }
    }

    public async Task SaveAsync(SharedConnectionTarget target, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await LocalSettings.WriteAsync(connection, Key, _protector.Protect(target.ConnectionString), clock.GetUtcNow(), ct);
    }

    public async Task DeleteAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await LocalSettings.DeleteAsync(connection, Key, ct);
    }
}
