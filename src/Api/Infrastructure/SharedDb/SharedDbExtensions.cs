using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

public static class SharedDbExtensions
{
    public static WebApplicationBuilder AddSharedDb(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SharedDbOptions>(builder.Configuration.GetSection(SharedDbOptions.Section));
        builder.Services.AddDataProtection().SetApplicationName("WorkspaceOrganizer");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<LocalDatabase, ILoggerFactory>((o, db, loggers) =>
            {
                var keys = new DirectoryInfo(Path.Combine(db.DataDirectory, "keys"));
                DataFolder.EnsureOwnerOnly(keys.FullName);
                o.XmlRepository = new OwnerOnlyKeyRepository(keys, loggers);
            });
        builder.Services.AddSingleton<SharedDataSourceFactory>();
        builder.Services.AddSingleton<SharedDatabase>();
        builder.Services.AddSingleton<ListAnswers>();
        builder.Services.AddSingleton<SharedMigrations>();
        builder.Services.AddSingleton<SharedDbBringUp>();
        builder.Services.AddSingleton<StoredConnection>();
        builder.Services.AddSingleton<SharedDbMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedDbMonitor>());
        return builder;
    }
}
