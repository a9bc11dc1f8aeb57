using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.Administration;

/// <summary>The rules every <c>/users</c> slice applies to the account it acts on (see docs/users.md).</summary>
internal static class AdministrationRules
{
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
}
