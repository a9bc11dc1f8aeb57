namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Every transaction-scoped advisory lock on the shared database, in one list so that no two uses share a key by accident
/// (the script import once took configure's, the Control-M import the rbac trigger's). Keys 1 and 3 are taken in SQL:
/// the audit chain's append (db/shared/V1) and the last-rbac-manager check (db/shared/V2).
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Configure: one instance at a time creates the first admin.</summary>
    public const string Installation = "SELECT pg_advisory_xact_lock(7310021, 2)";

    /// <summary>Script imports run one after another, so overlapping names update instead of colliding.</summary>
    public const string ScriptImport = "SELECT pg_advisory_xact_lock(7310021, 4)";

    /// <summary>Control-M imports, auto-link and bulk deletes of the catalog run one after another.</summary>
    public const string ControlMCatalog = "SELECT pg_advisory_xact_lock(7310021, 5)";
}
