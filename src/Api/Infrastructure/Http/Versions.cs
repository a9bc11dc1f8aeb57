using FastEndpoints;
using FluentValidation.Results;
using Microsoft.Net.Http.Headers;
using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Contract §2: an editable shared resource's integer <c>version</c> travels as a strong entity tag, <c>ETag: "3"</c>,
/// and an update naming another version — in <c>If-Match</c> or in the body's <c>version</c> — is refused with
/// <c>412 PRECONDITION_FAILED</c> before anything changes. Every slice reads <c>If-Match</c> the same way: from the
/// header only, with <see cref="ReadIfMatch"/> (not a request property, which a body member of the same name would fill
/// when the header is absent), compared by <see cref="Require"/>; an endpoint that declares a 412 gets the header in
/// its OpenAPI description.
/// </summary>
public static class Versions
{
    const string MalformedIfMatch = "If-Match is an entity tag such as \"3\", a comma-separated list of them, or *.";

    public static string ETag(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>Absent, or a valid list of entity tags or <c>*</c> (RFC 9110); a bare <c>3</c> is not one.</summary>
    public static bool IsWellFormed(string? ifMatch) =>
        string.IsNullOrEmpty(ifMatch) || EntityTagHeaderValue.TryParseStrictList([ifMatch], out _);

    /// <summary>
    /// The request's <c>If-Match</c>, null without one. A malformed one is a <c>400 VALIDATION_ERROR</c> on
    /// <c>ifMatch</c>, not a 412 that would wrongly claim the version moved; read it before touching the database.
    /// </summary>
    public static string? ReadIfMatch(this BaseEndpoint endpoint)
    {
        var header = endpoint.HttpContext.Request.Headers.IfMatch;
        if (header.Count == 0)
            return null;
        var value = header.ToString();
        if (IsWellFormed(value))
            return value;
        endpoint.ValidationFailures.Add(new ValidationFailure("ifMatch", MalformedIfMatch));
        throw new ValidationFailureException(endpoint.ValidationFailures, "If-Match is malformed.");
    }

    /// <summary>
    /// True when every precondition sent holds for <paramref name="current"/>. <paramref name="ifMatch"/> holds when it is
    /// absent, <c>*</c>, or lists <c>"current"</c>; the comparison is strong (RFC 9110 §13.1.1), so a weak tag
    /// (<c>W/"3"</c>) never matches, nor does anything malformed. <paramref name="bodyVersion"/> holds when it is absent
    /// or equal.
    /// </summary>
    public static bool Match(string? ifMatch, int? bodyVersion, int current)
    {
        if (bodyVersion is { } sent && sent != current)
            return false;
        if (string.IsNullOrEmpty(ifMatch))
            return true;
        if (!EntityTagHeaderValue.TryParseStrictList([ifMatch], out var tags))
            return false;
        var etag = ETag(current);
        return tags.Any(t => t.Tag == "*" || (!t.IsWeak && t.Tag == etag));
    }

    /// <summary>Throws <c>412 PRECONDITION_FAILED</c>, with the current <c>ETag</c>, unless <see cref="Match"/> holds.</summary>
    public static void Require(string? ifMatch, int? bodyVersion, int current, string what)
    {
        if (!Match(ifMatch, bodyVersion, current))
            throw new ApiException(412, ErrorCodes.PreconditionFailed,
                $"The {what} is at version {current}, not the one this change was based on; read it again and re-apply the change.")
            {
                Headers = new Dictionary<string, string> { ["ETag"] = ETag(current) },
            };
    }
}
