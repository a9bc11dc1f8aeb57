using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.GetInstallationStatus;

public sealed record SharedDbView(string State, DateTimeOffset Since, string? LastError, string? Host, string? Database);

public sealed record SchemaView(string? Current, string Expected, IReadOnlyList<string> Pending);

/// <summary>Never the password or the connection string: host and database name only.</summary>
public sealed record Response(bool IsConfigured, string Mode, SharedDbView SharedDb, SchemaView Schema, bool AdminUserCreated);

/// <summary><c>GET /api/v1/installation/status</c>: what the shared database is doing, from memory (no connection is opened).</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/status");
        Group<InstallationGroup>();
        this.Allow(Access.Anyone);
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var schema = sharedDb.Schema;
        return Send.OkAsync(new Response(
            sharedDb.IsConfigured,
            sharedDb.Mode,
            new SharedDbView(sharedDb.State, sharedDb.Since, sharedDb.LastError, sharedDb.Host, sharedDb.DatabaseName),
            new SchemaView(schema?.Current, SharedMigrations.ExpectedVersion, schema?.Pending ?? []),
            sharedDb.AdminUserCreated), ct);
    }
}
