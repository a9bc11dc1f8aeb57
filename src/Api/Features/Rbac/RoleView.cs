namespace WorkspaceOrganizer.Api.Features.Rbac;

public sealed class RoleView
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsBuiltIn { get; set; }
    public string[] Permissions { get; set; } = [];
    public int UserCount { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public const string Select = $"""
        SELECT r.id::text AS {nameof(Id)}, r.name AS {nameof(Name)}, r.description AS {nameof(Description)}, r.is_built_in AS {nameof(IsBuiltIn)},
               ARRAY(SELECT rp.permission FROM role_permissions rp WHERE rp.role_id = r.id ORDER BY rp.permission) AS {nameof(Permissions)},
               (SELECT count(*) FROM user_roles ur WHERE ur.role_id = r.id)::int AS {nameof(UserCount)},
               r.version AS {nameof(Version)}, r.created_at AS {nameof(CreatedAt)}, r.updated_at AS {nameof(UpdatedAt)}
        FROM roles r
        """;
}
