using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users;

/// <summary>The rules every <c>/users</c> slice applies to the account it acts on (see docs/users.md).</summary>
internal static class UserAdministration
{
    /// <summary>A malformed id names nothing, so it is a 404 like an unknown one; a well-formed one is used in its canonical form.</summary>
    public static string RouteId(string? raw) =>
        Guid.TryParseExact(raw, "D", out var id) ? id.ToString() : throw ApiException.NotFound("user");

    /// <summary>
    /// <c>users:manage</c> is no way to more permissions than the caller holds: it cannot create an account with roles
    /// granting what the caller lacks, nor set the password of (take over) an account that holds more.
    /// </summary>
    public static void EnsureHolds(Caller caller, IEnumerable<string> permissions, string what)
    {
        var missing = permissions.Where(p => !caller.Has(p)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new ApiException(403, ErrorCodes.Forbidden,
                $"{what} holds {string.Join(", ", missing.Select(p => $"'{p}'"))}, which you do not hold; this requires the permission '{missing[0]}'.");
    }

    /// <summary>Deactivating yourself is refused with the last-admin rule's code: contract §6 names one code for both (docs/users.md).</summary>
    public static void EnsureNotSelf(Caller caller, string userId)
    {
        if (caller.UserId == userId)
            throw new ApiException(409, ErrorCodes.LastAdmin, "You cannot deactivate your own account; another user manager has to do it.");
    }

    /// <summary>
    /// Commits; the deferred triggers of db/shared/V2 refuse, at this point, a commit that would leave no active holder
    /// of <c>rbac:manage</c>, and the whole change (audit entry included) is rolled back.
    /// </summary>
    public static async Task CommitAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        try
        {
            await tx.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.IsLastRbacManager())
        {
            throw new ApiException(409, ErrorCodes.LastAdmin, "This is the last active account holding 'rbac:manage'; give the permission to another active account first.");
        }
    }
}
