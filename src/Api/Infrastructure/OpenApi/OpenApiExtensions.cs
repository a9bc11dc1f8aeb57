using FastEndpoints.Swagger;
using NSwag;
using Scalar.AspNetCore;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.SwaggerDocument(o =>
        {
            o.EnableJWTBearerAuth = false;
            o.AutoTagPathSegmentIndex = 0;
            o.DocumentSettings = s =>
            {
                s.DocumentName = "v1";
                s.Title = "Workspace Organizer API";
                s.Version = "v1";
                s.AddAuth("Bearer", new OpenApiSecurityScheme
                {
                    Type = OpenApiSecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Opaque access token from POST /api/v1/auth/login, /setup or /auth/refresh.",
                });
                s.OperationProcessors.Add(new AccessOperationProcessor());
                s.OperationProcessors.Add(new QueryDefaultsOperationProcessor());
                s.OperationProcessors.Add(new IfMatchOperationProcessor());
                s.OperationProcessors.Add(new QueryParameterDocsProcessor());
                s.OperationProcessors.Add(new ClientAliasOperationProcessor());
                s.SchemaSettings.SchemaNameGenerator = new SliceSchemaNames();
            };
        });
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/docs</c> (served from the package, works offline).</summary>
    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseOpenApi(c => c.Path = DocumentPath);
        app.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern(DocumentPath).WithTitle("Workspace Organizer API"));
        return app;
    }
}
