using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.DisableSharedDb;

/// <summary><c>success</c> (always true: a failure is an error) and <c>message</c> are what the original web client reads.</summary>
public sealed record Response(bool Success, string Message, string Status, string Mode);

/// <summary>
/// <c>POST /api/v1/installation/disable</c> (the original web client: <c>/team-config/disable</c>): back to solo. Forgets the stored connection string; the shared data stays
/// untouched for other instances. Audited in the shared database when it can be reached.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, StoredConnection stored, TimeProvider clock, ILogger<Endpoint> logger) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        // Full routes rather than the group: its prefix would apply to the alias too.
        Post("/installation/disable", "/team-config/disable");
        this.ClientAliases("/team-config/disable");
        Description(b => b.WithTags(InstallationGroup.Tag).Fails(409, ErrorCodes.ManagedByConfiguration));
        this.Allow(Access.Requires(Permission.InstallationManage));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (sharedDb.IsManagedByConfiguration)
            throw ConfigureSharedDb.Endpoint.ManagedByConfiguration();

        if (sharedDb.State == SharedDbStates.Available)
            await AuditAsync(ct);
        await stored.DeleteAsync(ct);
        sharedDb.Disconnect();
        await Send.OkAsync(new Response(true, "Shared mode is off: this instance is back to solo; the shared data is untouched.", sharedDb.State, sharedDb.Mode), ct);
    }

    async Task AuditAsync(CancellationToken ct)
    {
        try
        {
            var caller = HttpContext.Caller();
            await using var connection = await sharedDb.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await AuditLog.AppendAsync(connection, tx, HttpContext,
                new AuditEntry("installation.disabled", "installation", null, Before: new { host = sharedDb.Host, database = sharedDb.DatabaseName }), clock.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
        catch (ApiException e)
        {
            // Going solo must work exactly when the shared database is failing; the instance's log keeps the record.
            logger.LogWarning("Shared database disabled without an audit entry: {Reason}", e.Message);
        }
    }
}
