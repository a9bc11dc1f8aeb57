using FastEndpoints;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Who may call an endpoint. Every endpoint declares one in <c>Configure()</c> with <see cref="AccessExtensions.Allow"/>;
/// start-up fails for an endpoint that does not (see <see cref="SecurityPipeline"/>).
/// </summary>
public sealed record Access
{
    Access(bool requiresSession, string[] permissions, bool isTeam, string description, bool localOwnerOnly = false)
    {
        RequiresSession = requiresSession;
        LocalOwnerOnly = localOwnerOnly;
        Permissions = permissions;
        IsTeam = isTeam;
        Description = description;
    }

    public bool RequiresSession { get; }
    /// <summary>Every one of them is required (none: a session is enough, or no session when it requires none).</summary>
    public IReadOnlyList<string> Permissions { get; }

    /// <summary>Serves shared data: the shared-DB gate answers first (503) when the shared database cannot serve.</summary>
    public bool IsTeam { get; }

    /// <summary>Only the local owner's session: the device's own settings and recovery key, which no team account holds.</summary>
    public bool LocalOwnerOnly { get; }

    public string Description { get; }

    /// <summary>No session needed.</summary>
    public static readonly Access Anyone = new(false, [], false, "anyone");

    /// <summary>Any signed-in account: the local owner or a team account.</summary>
    public static readonly Access AnyAccount = new(true, [], false, "any signed-in account");

    /// <summary>The local owner only (a team account gets 403).</summary>
    public static readonly Access LocalOwner = new(true, [], false, "the local owner", localOwnerOnly: true);

    /// <summary>A local endpoint that needs a permission (works without the shared database).</summary>
    public static Access Requires(string permission) => new(true, [permission], false, $"permission {permission}");

    /// <summary>A team endpoint: gated on the shared database, then the permissions (all of them).</summary>
    public static Access Team(params string[] permissions) =>
        new(true, permissions, true, $"{(permissions.Length == 1 ? "permission" : "permissions")} {string.Join(" and ", permissions)} (team; needs the shared database)");
}

public static class AccessExtensions
{
    public static void Allow(this BaseEndpoint endpoint, Access access) => endpoint.Definition.Metadata(access);

    public static Access? Access(this EndpointDefinition definition) =>
        definition.EndpointMetadata?.OfType<Access>().SingleOrDefault();
}
