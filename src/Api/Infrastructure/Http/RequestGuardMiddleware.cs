using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;
using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>
/// Refuses bodies the endpoint cannot take before any of it is read: too large (413) or not JSON (415) — unless the
/// endpoint takes form data or reads its body itself (<see cref="RawBody"/>).
/// Runs after routing so it knows the endpoint, and sets the server's limit for this request to the endpoint's:
/// Kestrel has no global limit of its own, so an import endpoint can take more than the default and every other
/// request is held to the default even when it sends no <c>Content-Length</c>.
/// </summary>
internal sealed class RequestGuardMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var endpoint = ctx.GetEndpoint();
        var limit = options.Value.LimitFor(endpoint?.Metadata.GetMetadata<BodyLimit>());
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit;

        var definition = endpoint?.Metadata.GetMetadata<EndpointDefinition>();
        if (definition is null || !HasBody(ctx.Request))
        {
            // Many clients send their default content-type on every request. On a GET, HEAD or DELETE without a body it
            // describes nothing; left in place, the endpoint would try to read a JSON body and answer "malformed JSON".
            if (definition is not null && ctx.Request.ContentType is not null && IsBodiless(ctx.Request.Method))
                ctx.Request.ContentType = null;
            await next(ctx);
            return;
        }

        if (ctx.Request.ContentLength > limit)
        {
            await Problem.WriteAsync(ctx, 413, ErrorCodes.PayloadTooLarge, $"The request body is larger than the {limit} bytes this endpoint accepts.");
            return;
        }

        if (!definition.AllowsFormData() && endpoint!.Metadata.GetMetadata<RawBody>() is null && !IsJson(ctx.Request.ContentType))
        {
            await Problem.WriteAsync(ctx, 415, ErrorCodes.UnsupportedMediaType, "Send the request body as application/json.");
            return;
        }

        await next(ctx);
    }

    static bool IsBodiless(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method);

    static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

internal static class EndpointDefinitionExtensions
{
    public static bool AllowsFormData(this EndpointDefinition definition) => definition.FormDataContentType is not null;
}
