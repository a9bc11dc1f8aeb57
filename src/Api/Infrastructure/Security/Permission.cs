namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>The permission catalog (contract §7), in one place.</summary>
public static class Permission
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

    /// <summary>Every permission with what it allows, in catalog order.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Catalog =
    [
        new(UsersRead, "List and read team accounts"),
        new(UsersManage, "Create, change, deactivate team accounts and reset their passwords"),
        new(RbacRead, "Read roles and permissions"),
        new(RbacManage, "Create, change, delete roles and assign them"),
        new(AuditRead, "Read and verify the audit log"),
        new(AuditExport, "Export the audit log"),
        new(ScriptsRead, "Read the script library"),
        new(ScriptsWrite, "Create, change and import scripts"),
        new(ScriptsDelete, "Delete scripts"),
        new(ControlMRead, "Read Control-M jobs"),
        new(ControlMWrite, "Create, change and link Control-M jobs"),
        new(ControlMImport, "Import Control-M exports"),
        new(ControlMDelete, "Delete Control-M jobs"),
        new(InstallationManage, "Install, join or leave the shared database"),
    ];

    /// <summary>The local owner administers the installation and holds no team permission.</summary>
    public static readonly IReadOnlySet<string> LocalOwner = new HashSet<string> { InstallationManage };
}
