using WorkspaceOrganizer.Api.Infrastructure.Health;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;
using WorkspaceOrganizer.Api.Infrastructure.Telemetry;

var builder = WebApplication.CreateBuilder(args);
builder.AddLocalDatabase()
    .AddSharedDb()
    .AddSecurity()
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
