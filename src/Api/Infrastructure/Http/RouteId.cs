using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Ids in routes. A malformed id names nothing, so it is a <c>404 NOT_FOUND</c> like an unknown one (a 400 would tell a
/// caller probing ids more than an unknown id does); a well-formed id is used in its canonical form, whatever the case it
/// was sent in.
/// </summary>
public static class RouteId
{
    /// <summary>The id, or a 404 naming <paramref name="resource"/> (e.g. "user", "role").</summary>
    public static Guid Parse(string? raw, string resource) =>
        Guid.TryParseExact(raw, "D", out var id) ? id : throw ApiException.NotFound(resource);

    /// <summary>The id as canonical lower-case text, for tables that keep ids as text (SQLite), or a 404 naming <paramref name="resource"/>.</summary>
    public static string Canonical(string? raw, string resource) => Parse(raw, resource).ToString();
}
