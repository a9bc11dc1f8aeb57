using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// The team always keeps an active holder of <c>rbac:manage</c>. The deferred triggers of db/shared/V2 check it when a
/// transaction commits (so a change made of several statements is judged whole, and two concurrent changes cannot each
/// see the other holder); every change that can take the permission away — editing a role, setting an account's
/// roles, deactivating an account — commits through here.
/// </summary>
public static class LastRbacManager
{
    public const string Message =
        $"After this change no active account would hold '{Permission.RbacManage}'; give it to another active account first. Nothing was changed.";

    /// <summary>Commits <paramref name="tx"/>; a commit the triggers refuse is rolled back whole (audit entry included) and answered <c>409 LAST_ADMIN</c>.</summary>
    public static async Task CommitAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        try
        {
            await tx.CommitAsync(ct);
        }
        catch (PostgresException e) when (e.IsLastRbacManager())
        {
            throw new ApiException(409, ErrorCodes.LastAdmin, Message);
        }
    }
}
