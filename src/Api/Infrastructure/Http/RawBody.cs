namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Marks an endpoint that reads its request body itself, as a stream, in any media type (an import of an XML, JSON or CSV
/// export): <see cref="RequestGuardMiddleware"/> then holds it to its body limit but not to JSON. Declared in the
/// endpoint's <c>Configure()</c> with <see cref="RawBodyExtensions.TakesRawBody"/>.
/// </summary>
public sealed class RawBody
{
    public static readonly RawBody Instance = new();

    RawBody()
    {
    }
}

public static class RawBodyExtensions
{
    public static RouteHandlerBuilder TakesRawBody(this RouteHandlerBuilder builder) => builder.WithMetadata(RawBody.Instance);
}
