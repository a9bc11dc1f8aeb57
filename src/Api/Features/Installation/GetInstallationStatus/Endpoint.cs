using System.Globalization;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.GetInstallationStatus;

public sealed record SharedDbView(string State, DateTimeOffset Since, string? LastError, string? Host, string? Database);

public sealed record SchemaView(string? Current, string Expected, IReadOnlyList<string> Pending);

/// <summary>
/// Never the password or the connection string: host and database name only. The last four members are the original web
/// client's (contract §14), derived from <c>sharedDb.state</c> and <c>schema</c>:
/// <list type="bullet">
/// <item><c>sharedDbConnected</c>: the state is <c>available</c> (the only state in which shared features answer).</item>
/// <item><c>migrationsRun</c>: this instance has seen the database's schema and it holds applied migrations — true from the
/// first bring-up on (available, incompatible, and an outage after it); false when not configured or before the first bring-up.</item>
/// <item><c>pendingMigrations</c>: <c>schema.pending</c> (empty while the schema is unknown).</item>
/// <item><c>schemaVersion</c>: <c>schema.current</c> as a number, as the client shows it (<c>v7</c>); null while unknown.</item>
/// <item><c>schemaCompatible</c>: the schema is known and this build can serve it (not <c>incompatible</c>); the client
/// labels the version "(Incompatible)" without it.</item>
/// <item><c>requiredSchemaVersion</c>, <c>minSchemaVersion</c>: the version this build migrates to (<c>schema.expected</c>)
/// as a number; every older schema is migrated up, so the minimum is the same as the required one's first version, 1.</item>
/// </list>
/// </summary>
public sealed record Response(bool IsConfigured, string Mode, SharedDbView SharedDb, SchemaView Schema, bool AdminUserCreated,
    bool SharedDbConnected, bool MigrationsRun, IReadOnlyList<string> PendingMigrations, int? SchemaVersion,
    bool SchemaCompatible, int? RequiredSchemaVersion, int MinSchemaVersion);

/// <summary><c>GET /api/v1/installation/status</c>: what the shared database is doing, from memory (no connection is opened).</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("/status");
        Group<InstallationGroup>();
        this.Allow(Access.Anyone);
    }

    static int? Number(string? version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    public override Task HandleAsync(CancellationToken ct)
    {
        var state = sharedDb.State;
        var schema = sharedDb.Schema;
        var pending = schema?.Pending ?? [];
        return Send.OkAsync(new Response(
            sharedDb.IsConfigured,
            sharedDb.Mode,
            new SharedDbView(state, sharedDb.Since, sharedDb.LastError, sharedDb.Host, sharedDb.DatabaseName),
            new SchemaView(schema?.Current, SharedMigrations.ExpectedVersion, pending),
            sharedDb.AdminUserCreated,
            SharedDbConnected: state == SharedDbStates.Available,
            MigrationsRun: state != SharedDbStates.NotConfigured && schema?.Current is not null,
            PendingMigrations: pending,
            // Versions are whole numbers (V1…V7); a dotted one (V7_1) has no number the client could show, so it stays in schema.current only.
            SchemaVersion: Number(schema?.Current),
            SchemaCompatible: schema?.Current is not null && state != SharedDbStates.Incompatible,
            RequiredSchemaVersion: Number(SharedMigrations.ExpectedVersion),
            MinSchemaVersion: 1), ct);
    }
}
