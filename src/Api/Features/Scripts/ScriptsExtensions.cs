namespace WorkspaceOrganizer.Api.Features.Scripts;

public static class ScriptsExtensions
{
    public static WebApplicationBuilder AddScripts(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ScriptsOptions>(builder.Configuration.GetSection(ScriptsOptions.Section));
        return builder;
    }
}
