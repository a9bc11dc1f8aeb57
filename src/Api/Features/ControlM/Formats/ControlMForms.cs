namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>The spellings the dialects use for the same thing, folded into the model's one form.</summary>
internal static class ControlMForms
{
    public static string Sign(string? sign) => sign?.Trim().ToUpperInvariant() switch
    {
        "-" or "DEL" or "D" or "DELETE" => "-",
        _ => "+",
    };

    public static string AndOr(string? andOr) => andOr?.Trim().ToUpperInvariant() switch
    {
        "O" or "OR" => "or",
        _ => "and",
    };

    public static string? Bracket(string? op) => op?.Trim() switch
    {
        "(" => "(",
        ")" => ")",
        _ => null,
    };

    /// <summary>Automation API <c>OrderDate</c> values in the XML <c>ODATE</c> form; anything else (<c>mmdd</c>) is kept.</summary>
    public static string? OdateFromJson(string? orderDate) => orderDate switch
    {
        null => null,
        "OrderDate" => "ODAT",
        "PreviousOrderDate" => "PREV",
        "NextOrderDate" => "NEXT",
        "AnyDate" => "****",
        "NoDate" => "STAT",
        _ => orderDate,
    };

    /// <summary>The reverse of <see cref="OdateFromJson"/>, for the export; a date with no Automation API name is kept.</summary>
    public static string? OdateToJson(string? odate) => odate switch
    {
        null => null,
        "ODAT" => "OrderDate",
        "PREV" => "PreviousOrderDate",
        "NEXT" => "NextOrderDate",
        "****" => "AnyDate",
        "STAT" => "NoDate",
        _ => odate,
    };

    /// <summary><c>1</c>, <c>Y</c>, <c>yes</c>, <c>true</c>: Control-M writes flags as <c>0</c>/<c>1</c>, EM 6 and CSVs as <c>Y</c>/<c>N</c>.</summary>
    public static bool Flag(string? value) => value?.Trim().ToUpperInvariant() is "1" or "Y" or "YES" or "TRUE";

    public static string VariableName(string name) => name.StartsWith("%%", StringComparison.Ordinal) ? name : "%%" + name;

    /// <summary>The Automation API escapes a <c>:</c> in a name as <c>\:</c> (two backslashes in the JSON text).</summary>
    public static string Unescape(string name) => name.Contains('\\', StringComparison.Ordinal) ? name.Replace("\\:", ":", StringComparison.Ordinal) : name;

    /// <summary>The Automation API's <c>Rerun</c> <c>Every</c>/<c>Units</c> as the XML <c>INTERVAL</c> (5 digits and M, H or D).</summary>
    public static string? Interval(string? every, string? units)
    {
        if (string.IsNullOrWhiteSpace(every))
            return null;
        var unit = units?.Trim().ToUpperInvariant() switch
        {
            "HOURS" or "H" => 'H',
            "DAYS" or "D" => 'D',
            _ => 'M',
        };
        return int.TryParse(every.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 99999
            ? $"{n:D5}{unit}"
            : every;
    }
}

/// <summary>Numbers same-named jobs of one folder in file order: the second <c>JOB1</c> of <c>dc/Top</c> is occurrence 2.</summary>
internal sealed class Occurrences
{
    // Names only, for the whole file: a folder may come back later in the same file and its numbering must continue.
    readonly Dictionary<(string Datacenter, string Path, string Name), int> _seen = [];

    public int Next(string datacenter, string path, string name)
    {
        var key = (datacenter, path, name);
        var next = _seen.GetValueOrDefault(key) + 1;
        _seen[key] = next;
        return next;
    }
}
