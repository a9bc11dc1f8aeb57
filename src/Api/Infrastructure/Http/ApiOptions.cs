namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>The <c>Api</c> section of the configuration: request limits and cross-origin clients.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body an endpoint accepts unless it declares its own limit (<see cref="BodyLimit"/>).</summary>
    public long MaxRequestBodyBytes { get; set; } = BodyLimit.MiB;

    /// <summary>
    /// Overrides of the limits endpoints declare, by the <see cref="BodyLimit.Name"/> they declare it under
    /// (<c>Api:BodyLimits:ScriptImport</c>, in bytes).
    /// </summary>
    public Dictionary<string, long> BodyLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body limit of an endpoint declaring <paramref name="limit"/> (or none).</summary>
    public long LimitFor(BodyLimit? limit) =>
        limit is null ? MaxRequestBodyBytes : BodyLimits.TryGetValue(limit.Name, out var configured) ? configured : limit.DefaultBytes;

    /// <summary>
    /// Browser origins allowed to call the API cross-origin (a web client served from elsewhere, e.g.
    /// <c>https://app.example.com</c>). Empty: no cross-origin calls (docs/security.md).
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];
}
