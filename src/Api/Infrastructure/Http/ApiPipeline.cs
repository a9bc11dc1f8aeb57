using FastEndpoints;
using FluentValidation.Results;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Infrastructure.Http;

public static class ApiPipeline
{
    public const string RoutePrefix = "api/v1";

    public static WebApplicationBuilder AddApiEndpoints(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));
        // The limit is the endpoint's, set per request by RequestGuardMiddleware (BodyLimit), not one for the whole server.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddFastEndpoints(o => o.IncludeAbstractValidators = false);
        builder.Services.AddCors();
        return builder;
    }

    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ProblemMiddleware>();
        app.UseCrossOriginClients();
        app.UseRouting();
        app.UseMiddleware<RequestGuardMiddleware>();
        app.UseFastEndpoints(c =>
        {
            c.Endpoints.RoutePrefix = RoutePrefix;
            c.Endpoints.NameGenerator = EndpointName;
            c.Endpoints.Configurator = SecurityPipeline.Apply;
            ApiJson.Configure(c.Serializer.Options);
            c.Errors.ContentType = Problem.ContentType;
            c.Errors.ProducesMetadataType = typeof(Problem);
            c.Errors.ResponseBuilder = (failures, ctx, status) => Problem.Create(ctx, status, ErrorCodes.ValidationError,
                "The request is not valid.",
                failures.Select(f => new FieldError(FieldName(f.PropertyName), f.ErrorMessage)).ToList());
            c.Binding.JsonExceptionTransformer = e => new ValidationFailure(
                FieldName(e.Path), "The value is malformed JSON or has the wrong type.");
            c.Binding.FailureMessage = (type, _, value) => $"'{value}' is not {Expected(type)}.";
        });
        app.LogWhereItRuns();
        return app;
    }

    /// <summary>
    /// CORS for the configured origins only (<c>Api:CorsOrigins</c>): bearer tokens, no cookies, so no credentials mode;
    /// the headers a client reads (ETag, Location, X-Request-Id, Retry-After) are exposed. Answers preflights before routing.
    /// </summary>
    static void UseCrossOriginClients(this WebApplication app)
    {
        var origins = app.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.CorsOrigins ?? [];
        if (origins.Length == 0)
            return;
        app.UseCors(policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "If-Match", "X-Request-Id")
            .WithExposedHeaders("ETag", "Location", "X-Request-Id", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
    }

    /// <summary>
    /// Every endpoint type is called <c>Endpoint</c>; its slice folder (the namespace) names it: <c>CreateWorkspace</c>. An
    /// endpoint with several routes numbers them from 1; the first (the contract's) keeps the plain name so its operationId
    /// does not change when an alias of the original web client is added, which becomes <c>…2</c>.
    /// </summary>
    static string EndpointName(EndpointNameGenerationContext ctx) =>
        ctx.EndpointType.Namespace![(ctx.EndpointType.Namespace!.LastIndexOf('.') + 1)..] + (ctx.RouteNumber > 1 ? ctx.RouteNumber.ToString() : "");

    /// <summary>What a route or query value should have been, in the client's terms rather than .NET type names.</summary>
    static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(Guid) => "a UUID",
        var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "an ISO-8601 timestamp",
        var t when t.IsEnum => $"one of {string.Join(", ", Enum.GetNames(t).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}",
        var t => $"a valid {t.Name}",
    };

    /// <summary>Field names as the client wrote them: camelCase JSON paths, <c>body</c> for the document itself.</summary>
    internal static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        // A location in a named file ("FIN.xml: 12:5", an import's) is no member path: the name keeps its case and dots.
        if (path.Contains(": ", StringComparison.Ordinal))
            return path;
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return string.Join('.', trimmed.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
    }

    static void LogWhereItRuns(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            app.Logger.LogInformation("Workspace Organizer API serves {Addresses}; data folder {DataDirectory}",
                addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(in-process)",
                app.Services.GetRequiredService<LocalDatabase>().DataDirectory);
        });
}
