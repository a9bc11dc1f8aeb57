using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Contract §2: an editable shared resource's integer <c>version</c> travels as a strong entity tag, <c>ETag: "3"</c>,
/// and an update naming another version — in <c>If-Match</c> or in the body's <c>version</c> — is refused with
/// <c>412 PRECONDITION_FAILED</c> before anything changes.
/// </summary>
public static class Versions
{
    public static string ETag(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// True when every precondition sent holds for <paramref name="current"/>. <paramref name="ifMatch"/> holds when it is
    /// absent, <c>*</c>, or lists <c>"current"</c> (a bare <c>current</c> is accepted too, for clients that send the
    /// number). Weak tags (<c>W/"3"</c>) never match, as RFC 9110 §13.1.1 requires strong comparison; anything
    /// unreadable matches nothing. <paramref name="bodyVersion"/> holds when it is absent or equal.
    /// </summary>
    public static bool Match(string? ifMatch, int? bodyVersion, int current)
    {
        if (bodyVersion is { } sent && sent != current)
            return false;
        if (string.IsNullOrWhiteSpace(ifMatch))
            return true;
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*")
                return true;
            var tag = candidate.Length >= 2 && candidate[0] == '"' && candidate[^1] == '"' ? candidate[1..^1] : candidate;
            if (int.TryParse(tag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version == current)
                return true;
        }
        return false;
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
