using Dapper;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Health;

public static class HealthExtensions
{
    const string Ready = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<LocalDbHealthCheck>("localDb", tags: [Ready]);
        return builder;
    }

    /// <summary>Liveness answers while the process runs; readiness needs the migrated local database. The optional shared DB never fails either.</summary>
    public static WebApplication UseHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) });
        return app;
    }
}

internal sealed class LocalDbHealthCheck(LocalDatabase db) : IHealthCheck
{
    const string Sql = "SELECT count(*) FROM schema_changelog";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition(Sql, cancellationToken: ct));
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The local database cannot be read.");
        }
    }
}
