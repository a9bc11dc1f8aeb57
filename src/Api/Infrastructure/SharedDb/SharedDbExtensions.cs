namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

public static class SharedDbExtensions
{
    public static WebApplicationBuilder AddSharedDb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SharedDbStatus>();
        return builder;
    }
}
