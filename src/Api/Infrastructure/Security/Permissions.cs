namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>The permission catalog (contract §7), in one place.</summary>
public static class Permissions
{
    public const string UsersRead = "users:read";
    public const string UsersManage = "users:manage";
    public const string RbacRead = "rbac:read";
    public const string RbacManage = "rbac:manage";
    public const string AuditRead = "audit:read";
    public const string AuditExport = "audit:export";
    public const string ScriptsRead = "scripts:read";
    public const string ScriptsWrite = "scripts:write";
    public const string ScriptsDelete = "scripts:delete";
    public const string ControlMRead = "controlm:read";
    public const string ControlMWrite = "controlm:write";
    public const string ControlMImport = "controlm:import";
    public const string ControlMDelete = "controlm:delete";
    public const string InstallationManage = "installation:manage";

    /// <summary>The local owner administers the installation and holds no team permission.</summary>
    public static readonly IReadOnlySet<string> LocalOwner = new HashSet<string> { InstallationManage };
}
