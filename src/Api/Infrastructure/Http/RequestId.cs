using System.Text.RegularExpressions;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

/// <summary>Echoes a well-formed <c>X-Request-Id</c> or makes one; it travels into logs and audit entries.</summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext ctx)
    {
        var incoming = ctx.Request.Headers[Header].ToString();
        var id = SafeId().IsMatch(incoming) ? incoming : Guid.CreateVersion7().ToString();
        ctx.Items[Header] = id;
        ctx.Response.OnStarting(() =>
        {
            ctx.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
            await next(ctx);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SafeId();
}

public static class RequestIdExtensions
{
    public static string RequestId(this HttpContext ctx) => ctx.Items[RequestIdMiddleware.Header] as string ?? ctx.TraceIdentifier;
}
