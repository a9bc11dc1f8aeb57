using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>
/// Ids in routes. A malformed id names nothing, so it is a 404 like an unknown one; a well-formed id is matched in its
/// canonical lowercase form, whatever the case it was sent in.
/// </summary>
internal static class RouteIds
{
    public static string Workspace(string? raw) => Canonical(raw) ?? throw ApiException.NotFound("workspace");

    public static string Project(string? raw) => Canonical(raw) ?? throw ApiException.NotFound("project");

    static string? Canonical(string? raw) => Guid.TryParseExact(raw, "D", out var id) ? id.ToString() : null;
}
