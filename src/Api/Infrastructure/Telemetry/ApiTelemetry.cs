using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WorkspaceOrganizer.Api.Infrastructure.Telemetry;

public static class ApiTelemetry
{
    public const string ServiceName = "WorkspaceOrganizer.Api";
    public const string LocalDbSourceName = "WorkspaceOrganizer.LocalDb";

    public static readonly ActivitySource LocalDb = new(LocalDbSourceName);
    public static readonly Meter Meter = new(ServiceName);
}
