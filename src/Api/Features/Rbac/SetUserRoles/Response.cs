namespace WorkspaceOrganizer.Api.Features.Rbac.SetUserRoles;

/// <summary>The <c>user</c> object of contract §6 (a team account), as it is after the change.</summary>
internal sealed class TeamUserView
{
    public string Id { get; set; } = "";
    public string Username { get; set; } = "";
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Realm { get; set; } = "";
    public bool IsActive { get; set; }
    public string[] Roles { get; set; } = [];
    public string[] Permissions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed record Response(TeamUserView User);
