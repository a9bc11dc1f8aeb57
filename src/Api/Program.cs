using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Features.Users;
using WorkspaceOrganizer.Api.Infrastructure.Health;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;
using WorkspaceOrganizer.Api.Infrastructure.Telemetry;

// The content root is the app's own folder, not the current directory: started from anywhere, a published build still
// reads its appsettings.json (127.0.0.1:4000, quiet logs). Settings still come from environment and command line.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddLocalDatabase()
    .AddSharedDb()
    .AddSecurity()
    .AddUsers()
    .AddScripts()
    .AddApiEndpoints()
    .AddApiDocs()
    .AddHealth()
    .AddTelemetry();

var app = builder.Build();
app.MigrateLocalDatabase();
app.IssueSetupTokenIfNeeded();
app.UseApiPipeline()
    .UseApiDocs()
    .UseHealth();
app.Run();

public partial class Program;
