using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>Rules the shared schema enforces, as the slices map them: a taken name → 409 CONFLICT, the last admin → 409 LAST_ADMIN.</summary>
public static class PostgresErrors
{
    /// <summary>Raised by the deferred triggers of db/shared/V2 (at commit) when no active account would hold rbac:manage.</summary>
    public const string LastRbacManager = "WO001";

    public static bool IsUniqueViolation(this PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;

    public static bool IsLastRbacManager(this PostgresException e) => e.SqlState == LastRbacManager;
}
