using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Setup.GetSetupStatus;

/// <summary><c>sharedEnabled</c> (mode is <c>shared</c>) is what the original web client reads (contract §14).</summary>
public sealed record Response(bool NeedsSetup, string Mode, bool SharedEnabled);

internal sealed class Endpoint(LocalDatabase db, SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string OwnerExistsSql = "SELECT EXISTS (SELECT 1 FROM local_users)";

    public override void Configure()
    {
        Get("status");
        Group<SetupGroup>();
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var hasOwner = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(OwnerExistsSql, cancellationToken: ct));
        await Send.OkAsync(new Response(!hasOwner, sharedDb.Mode, sharedDb.Mode == ApiModes.Shared), ct);
    }
}
