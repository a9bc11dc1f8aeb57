namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// An endpoint's own request-body limit, for the few that take large bodies (imports) as a stream; every other endpoint
/// has <see cref="ApiOptions.MaxRequestBodyBytes"/>. <see cref="Name"/> is its configuration key under
/// <c>Api:BodyLimits</c>; <see cref="DefaultBytes"/> applies when that is not set. Declared in the endpoint's
/// <c>Configure()</c> with <see cref="BodyLimitExtensions.WithBodyLimit"/>.
/// </summary>
public sealed record BodyLimit(string Name, long DefaultBytes)
{
    public const long MiB = 1024 * 1024;
}

public static class BodyLimitExtensions
{
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder builder, string name, long defaultBytes) =>
        builder.WithMetadata(new BodyLimit(name, defaultBytes));
}
