using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Errors;

/// <summary>
/// Turns every failure that escapes an endpoint into problem+json: <see cref="ApiException"/>s, oversized or broken
/// requests, unmatched routes, and anything unexpected (500 without internals).
/// </summary>
internal sealed class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
            if (!ctx.Response.HasStarted && IsBareRoutingFailure(ctx))
            {
                var task = ctx.Response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => Problem.WriteAsync(ctx, 404, ErrorCodes.RouteNotFound, $"No route matches {ctx.Request.Method} {ctx.Request.Path}."),
                    StatusCodes.Status405MethodNotAllowed => Problem.WriteAsync(ctx, 405, ErrorCodes.MethodNotAllowed, $"{ctx.Request.Method} is not allowed on {ctx.Request.Path}."),
                    _ => Problem.WriteAsync(ctx, 415, ErrorCodes.UnsupportedMediaType, "Send the request body as application/json."),
                };
                await task;
            }
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            foreach (var (name, value) in e.Headers ?? new Dictionary<string, string>())
                ctx.Response.Headers[name] = value;
            await Problem.WriteAsync(ctx, e.Status, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ctx.Response.Clear();
            await Problem.WriteAsync(ctx, 413, ErrorCodes.PayloadTooLarge, "The request body is larger than this endpoint accepts.");
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            ctx.Response.Clear();
            await Problem.WriteAsync(ctx, 400, ErrorCodes.ValidationError, "The request could not be read.", [new("body", e.Message)]);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && SharedDbFailures.IsConnectionFailure(e))
        {
            ctx.RequestServices.GetRequiredService<SharedDatabase>().ReportFailure(e);
            ctx.Response.Clear();
            var unavailable = SharedDatabase.Unavailable();
            await Problem.WriteAsync(ctx, unavailable.Status, unavailable.Code, unavailable.Message);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled exception while serving {Method} {Path}", ctx.Request.Method, ctx.Request.Path);
            ctx.Response.Clear();
            await Problem.WriteAsync(ctx, 500, ErrorCodes.InternalError, "An unexpected error occurred. The trace id identifies it in the server log.");
        }
    }

    /// <summary>A status without a body from routing (no route, wrong method) or from FastEndpoints' own content-type check.</summary>
    static bool IsBareRoutingFailure(HttpContext ctx) => ctx.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => ctx.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>() is null,
        StatusCodes.Status415UnsupportedMediaType => true,
        _ => false,
    };
}
