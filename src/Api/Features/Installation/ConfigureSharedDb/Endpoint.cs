using System.Security.Cryptography;
using FastEndpoints;
using Microsoft.Data.Sqlite;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Users;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.ConfigureSharedDb;

/// <summary>
/// <c>POST /api/v1/installation/configure</c> (the original web client: <c>/team-config/configure</c>): connects, applies the pending <c>db/shared</c> migrations (<see cref="SharedDbBringUp"/>),
/// creates the first team admin when the database has no accounts and audits in one transaction, then — once that has
/// committed — stores the connection string encrypted and switches to shared mode. All or nothing: any failure leaves
/// nothing stored and the mode as it was. Idempotent against a migrated database, which is how a second instance joins
/// the team, and how a configure whose last local step failed is finished.
/// </summary>
internal sealed class Endpoint(
    SharedDatabase sharedDb,
    SharedDataSourceFactory dataSources,
    SharedDbBringUp bringUp,
    StoredConnection stored,
    PasswordHashing passwords,
    SetupToken setupToken,
    TimeProvider clock,
    ILogger<Endpoint> logger) : Endpoint<Request, Response>
{
    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public override void Configure()
    {
        // Full routes rather than the group: its prefix would apply to the alias too.
        Post("/installation/configure", "/team-config/configure");
        this.ClientAliases("/team-config/configure");
        Description(b => b
            .WithTags(InstallationGroup.Tag)
            .Fails(409, ErrorCodes.ManagedByConfiguration, ErrorCodes.SchemaTooNew)
            .Fails(422, ErrorCodes.ConnectionFailed, ErrorCodes.ExtensionUnavailable)
            .Fails(503, ErrorCodes.SharedDbUnavailable, ErrorCodes.LocalDbUnavailable));
        this.Allow(Access.Requires(Permission.InstallationManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (sharedDb.IsManagedByConfiguration)
            throw ManagedByConfiguration();

        await OneAtATime.WaitAsync(ct);
        try
        {
            await Send.OkAsync(await ConfigureAsync(req, ct), ct);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    async Task<Response> ConfigureAsync(Request req, CancellationToken ct)
    {
        var target = req.Target();
        await using var dataSource = dataSources.CreateForInstallation(target);
        await using var connection = await ConnectAsync(dataSource, target, ct);
        var brought = await BringUpAsync(connection, req, ct);

        var adminPasswordHash = req.AdminUser is null ? null : await passwords.HashAsync(req.AdminUser.Password, ct);
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();
        Guid? adminId = null;
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var actor = AuditActor.Of(caller);
            var audit = AuditContext.From(HttpContext, now);
            if (!await Data.LockAndCheckUsersAsync(connection, tx, ct) && req.AdminUser is not null)
            {
                adminId = Guid.CreateVersion7();
                var admin = new NewTeamAccount(adminId.Value, req.AdminUser.Username, req.AdminUser.Email, req.AdminUser.DisplayName, adminPasswordHash!, now);
                await TeamAccounts.InsertAsync(connection, tx, admin, [await Data.AdminRoleIdAsync(connection, tx, ct)], ct);
                await AuditLog.AppendAsync(connection, tx, actor, new AuditEntry("user.created", "user", adminId.ToString(),
                    After: new { username = req.AdminUser.Username.Trim(), email = req.AdminUser.Email.Trim(), roles = new[] { "admin" } }), audit, ct);
            }
            await AuditLog.AppendAsync(connection, tx, actor, new AuditEntry("installation.configured", "installation", null,
                After: new { host = target.Host, database = target.Database, migrationsApplied = brought.Applied, adminUserId = adminId }), audit, ct);
            await tx.CommitAsync(ct);
        }

        // The shared side is committed: finish here even if the client has gone.
        await StoreAsync(target);
        sharedDb.Connect(target, managed: false, SharedDbStates.Available);
        sharedDb.RecordSchema(brought.Schema, hasAccounts: true);
        if (caller.Realm == Realms.Setup)
            setupToken.Consume();
        return new Response(true, Summary(target, brought.Applied.Count, adminId is not null), sharedDb.State, brought.Applied, adminId?.ToString());
    }

    /// <summary>The shared sequence (<see cref="SharedDbBringUp"/>), answered as configure answers: 409, 400 before anything is migrated, 422 for a missing extension, 503 on the lock.</summary>
    async Task<BringUpResult> BringUpAsync(NpgsqlConnection connection, Request req, CancellationToken ct)
    {
        BringUpResult brought;
        try
        {
            brought = await bringUp.RunAsync(connection, beforeMigrating: hasAccounts =>
            {
                if (!hasAccounts && req.AdminUser is null)
                    ThrowError(r => r.AdminUser, "This shared database has no team accounts yet: give the first admin (adminUser).");
            }, ct);
        }
        catch (TimeoutException e)
        {
            throw new ApiException(503, ErrorCodes.SharedDbUnavailable, e.Message);
        }
        catch (MissingExtensionsException e)
        {
            throw new ApiException(422, ErrorCodes.ExtensionUnavailable, e.Message);
        }
        if (brought.SchemaTooNew)
            throw new ApiException(409, ErrorCodes.SchemaTooNew, $"The database is at schema {brought.Schema.Current}; this version of the API knows up to {brought.Schema.Expected}. Upgrade the API first.");
        return brought;
    }

    /// <summary>
    /// Only after the commit, so that a stored setting always names a database that has its admin and its audit entries.
    /// Should storing fail, the shared side is done but this instance stays unconfigured; configuring again finds the
    /// team's accounts and needs no adminUser.
    /// </summary>
    async Task StoreAsync(SharedConnectionTarget target)
    {
        try
        {
            await stored.SaveAsync(target, CancellationToken.None);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            logger.LogError(e, "The shared database {Target} is configured, but its setting could not be stored locally", target);
            throw new ApiException(503, ErrorCodes.LocalDbUnavailable,
                "The shared database is set up, but this instance could not store its setting and stays as it was. " +
                "Configure again once the local database can be written; no adminUser is needed then.");
        }
    }

    async Task<NpgsqlConnection> ConnectAsync(NpgsqlDataSource dataSource, SharedConnectionTarget target, CancellationToken ct)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new ApiException(422, ErrorCodes.ConnectionFailed, $"Cannot use that database: {SharedDbFailures.Describe(e, target.Password)}");
        }
    }

    /// <summary>The sentence the original web client shows on success; host and database only, as the status shows them.</summary>
    static string Summary(SharedConnectionTarget target, int applied, bool adminCreated) =>
        $"Shared mode is on with {target}: " +
        (applied switch { 0 => "its schema was already up to date", 1 => "1 migration applied", _ => $"{applied} migrations applied" }) +
        (adminCreated ? ", and the first team admin was created." : ".");

    internal static ApiException ManagedByConfiguration() =>
        new(409, ErrorCodes.ManagedByConfiguration, "The shared database is set in this server's configuration (SharedDb:ConnectionString); change it there.");
}
