namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// The <c>search</c> parameter of every list: a substring match in which the user's <c>%</c>, <c>_</c> and <c>\</c> are
/// literal characters, not wildcards. Pair it with <c>LIKE @Pattern ESCAPE '\'</c> (or <c>ILIKE</c>) in SQL.
/// </summary>
public static class LikePattern
{
    /// <summary>A pattern matching values that contain <paramref name="search"/> (trimmed), or <c>null</c> for no filter (absent or blank).</summary>
    public static string? Contains(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
            return null;
        return $"%{Escape(search.Trim())}%";
    }

    /// <summary><paramref name="text"/> with the LIKE wildcards and the escape character escaped by <c>\</c>.</summary>
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
