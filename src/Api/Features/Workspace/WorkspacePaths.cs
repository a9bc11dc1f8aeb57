namespace WorkspaceOrganizer.Api.Features.Workspace;

/// <summary>
/// The rules and normal forms of <c>rootPath</c> and <c>relativePath</c>. Paths are only stored, never opened: the
/// API may run on another operating system than the one the path belongs to, so both POSIX and Windows forms are
/// understood and nothing is resolved against a file system.
/// </summary>
internal static class WorkspacePaths
{
    public const int MaxLength = 1024;

    static readonly char[] Separators = ['/', '\\'];

    /// <summary>Why <paramref name="value"/> is not an acceptable <c>rootPath</c>, or <c>null</c> when it is.</summary>
    public static string? RootPathProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "rootPath is required.";
        if (value.Any(char.IsControl))
            return "rootPath must not contain NUL or other control characters.";
        var path = value.Trim();
        if (path.Length > MaxLength)
            return $"rootPath is at most {MaxLength} characters.";
        if (RootLength(path) == 0)
            return @"rootPath must be absolute: '/…', 'C:\…', 'C:/…' or '\\server\share…'.";
        if (HasParentSegment(path))
            return "rootPath must not contain a '..' segment.";
        return null;
    }

    /// <summary>Trims surrounding whitespace and trailing separators, keeping a bare root (<c>/</c>, <c>C:\</c>) whole.</summary>
    public static string NormalizeRootPath(string value)
    {
        var path = value.Trim();
        var trimmed = path.TrimEnd(Separators);
        var root = RootLength(path);
        return trimmed.Length >= root ? trimmed : path[..root];
    }

    /// <summary>Why <paramref name="value"/> is not an acceptable <c>relativePath</c>, or <c>null</c> when it is.</summary>
    public static string? RelativePathProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "relativePath is required.";
        if (value.Any(char.IsControl))
            return "relativePath must not contain NUL or other control characters.";
        var path = value.Trim();
        if (path.Length > MaxLength)
            return $"relativePath is at most {MaxLength} characters.";
        if (path[0] is '/' or '\\')
            return "relativePath must be relative to the workspace root: no leading '/' or '\\'.";
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
            return "relativePath must not start with a drive letter.";
        if (HasParentSegment(path))
            return "relativePath must stay inside the workspace: no '..' segment.";
        return null;
    }

    /// <summary>
    /// Forward slashes only, no empty or <c>.</c> segments, no trailing slash. A path that names the workspace root itself
    /// (<c>.</c>, <c>./</c>) becomes <c>.</c>.
    /// </summary>
    public static string NormalizeRelativePath(string value)
    {
        var segments = value.Trim().Split(Separators, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        var path = string.Join('/', segments);
        return path.Length == 0 ? "." : path;
    }

    /// <summary>
    /// The length of the root that must survive trailing-separator trimming, or 0 when the path is not absolute:
    /// <c>/</c>, a drive <c>C:\</c> / <c>C:/</c>, or a UNC <c>\\server\share</c> (not the <c>\\.\</c> / <c>\\?\</c> device forms).
    /// </summary>
    static int RootLength(string path)
    {
        if (path.StartsWith(@"\\", StringComparison.Ordinal))
        {
            var parts = path[2..].Split(Separators);
            if (parts.Length < 2 || parts[0] is "" or "." or "?" || parts[1].Length == 0)
                return 0;
            return 2 + parts[0].Length + 1 + parts[1].Length;
        }
        if (path[0] == '/')
            return 1;
        if (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\')
            return 3;
        return 0;
    }

    /// <summary>
    /// A <c>..</c> segment, split on both separators. Segments of only dots and spaces with two or more dots count too
    /// (<c>...</c>, <c>.. </c>): Windows trims trailing dots and spaces from names, so they can end up meaning <c>..</c>.
    /// </summary>
    static bool HasParentSegment(string path) =>
        path.Split(Separators).Any(s => s.Count(c => c == '.') >= 2 && s.All(c => c is '.' or ' '));
}
