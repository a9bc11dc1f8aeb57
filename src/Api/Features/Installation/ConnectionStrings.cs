using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Installation;

/// <summary>
/// A connection string as an installer sends it: Npgsql's keywords (<c>Host=…;Database=…</c>), or the URL form the
/// original web client builds (<c>postgresql://user:password@host:5432/db?ssl=true</c>, user and password
/// percent-encoded), which Npgsql does not read and is converted here.
/// </summary>
internal static class ConnectionStrings
{
    /// <exception cref="ArgumentException">Neither form, or a keyword or value Npgsql does not know. The message never holds the string.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        try
        {
            var trimmed = value.Trim();
            return IsUrl(trimmed) ? FromUrl(trimmed) : new NpgsqlConnectionStringBuilder(trimmed);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException or UriFormatException)
        {
            // Npgsql's own messages may quote the string, password included.
            throw new ArgumentException("Not a PostgreSQL connection string.");
        }
    }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return false;
        try
        {
            var builder = Parse(value);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static bool IsUrl(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder
        {
            // An IPv6 literal comes bracketed out of the URL; Npgsql wants the bare address.
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (key.ToLowerInvariant())
            {
                // node-postgres' flag, which the client sets from its SSL switch.
                case "ssl":
                    builder.SslMode = setting.ToLowerInvariant() switch
                    {
                        "true" or "1" or "" => SslMode.Require,
                        "false" or "0" => SslMode.Disable,
                        _ => throw new FormatException(),
                    };
                    break;
                // libpq's spelling (verify-full); Npgsql's enum has no hyphen.
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(setting.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                default:
                    builder[key] = setting;
                    break;
            }
        }
        return builder;
    }
}
