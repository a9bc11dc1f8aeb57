using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Rbac.DeleteRole;

/// <summary>Nothing to validate: a malformed id is a 404 (see <see cref="RouteIds"/>).</summary>
internal sealed class Request
{
    public string Id { get; init; } = "";

    /// <summary>Optional: the version the deletion is based on, as <c>"3"</c>; a role changed since is not deleted (412).</summary>
    [FromHeader("If-Match", IsRequired = false, RemoveFromSchema = true)]
    public string? IfMatch { get; init; }
}
