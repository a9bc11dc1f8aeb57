using FastEndpoints;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Health;

public sealed record HealthDependencies(string LocalDb, string SharedDb);

public sealed record HealthResponse(string Status, DateTimeOffset Timestamp, HealthDependencies Dependencies);

/// <summary><c>GET /api/health</c>: "degraded" while the optional shared DB is not available; 503 only when the local DB fails.</summary>
internal sealed class GetHealth(HealthCheckService checks, SharedDatabase sharedDb, TimeProvider clock) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/api/health");
        RoutePrefixOverride(string.Empty);
        Tags("Health");
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var local = await checks.CheckHealthAsync(c => c.Name == "localDb", ct);
        var localOk = local.Status == HealthStatus.Healthy;
        var sharedOk = sharedDb.State is SharedDbStates.Available or SharedDbStates.NotConfigured;
        var status = localOk && sharedOk ? "ok" : "degraded";
        var response = new HealthResponse(status, clock.GetUtcNow(), new(localOk ? "ok" : "unavailable", sharedDb.State));
        await Send.ResponseAsync(response, localOk ? 200 : 503, ct);
    }
}
