using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// First check of every team endpoint, before authentication: 503 <c>NOT_CONFIGURED</c> or <c>SHARED_DB_UNAVAILABLE</c>
/// from the in-memory state — it never opens a connection.
/// </summary>
internal sealed class SharedDbGate : IGlobalPreProcessor
{
    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.ResponseStarted() || http.GetEndpoint()?.Metadata.GetMetadata<Access>() is not { IsTeam: true })
            return;

        var sharedDb = http.RequestServices.GetRequiredService<SharedDatabase>();
        if (!sharedDb.IsConfigured)
            await Problem.WriteAsync(http, 503, ErrorCodes.NotConfigured, "Team features need the shared database, and none is configured.");
        else if (sharedDb.State != SharedDbStates.Available)
            await Problem.WriteAsync(http, 503, ErrorCodes.SharedDbUnavailable, "The shared database is not reachable right now; team features come back by themselves when it is.");
    }
}
