using FastEndpoints;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Who may call an endpoint. Every endpoint declares one in <c>Configure()</c> with <see cref="AccessExtensions.Allow"/>;
/// start-up fails for an endpoint that does not (see <see cref="SecurityPipeline"/>).
/// </summary>
public sealed record Access
{
    Access(bool requiresSession, string? permission, string description)
    {
        RequiresSession = requiresSession;
        Permission = permission;
        Description = description;
    }

    public bool RequiresSession { get; }
    public string? Permission { get; }
    public string Description { get; }

    /// <summary>No session needed.</summary>
    public static readonly Access Anyone = new(false, null, "anyone");

    /// <summary>Any signed-in account: the local owner or a team account.</summary>
    public static readonly Access AnyAccount = new(true, null, "any signed-in account");

    public static Access Requires(string permission) => new(true, permission, $"permission {permission}");
}

public static class AccessExtensions
{
    public static void Allow(this BaseEndpoint endpoint, Access access) => endpoint.Definition.Metadata(access);

    public static Access? Access(this EndpointDefinition definition) =>
        definition.EndpointMetadata?.OfType<Access>().SingleOrDefault();
}
