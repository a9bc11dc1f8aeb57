using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Users;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Installation.ConfigureSharedDb;

/// <summary>
/// <c>POST /api/v1/installation/configure</c>: connects, applies <c>db/shared</c>, creates the first team admin when the
/// database has no accounts, audits, stores the connection string encrypted and switches to shared mode. All or
/// nothing: any failure leaves nothing stored and the mode as it was. Idempotent against a migrated database, which is
/// how a second instance joins the team.
/// </summary>
internal sealed class Endpoint(
    SharedDatabase sharedDb,
    SharedMigrations migrations,
    StoredConnection stored,
    PasswordHashing passwords,
    SetupToken setupToken,
    TimeProvider clock) : Endpoint<Request, Response>
{
    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public override void Configure()
    {
        Post("/configure");
        Group<InstallationGroup>();
        Description(b => b
            .Fails(409, ErrorCodes.ManagedByConfiguration, ErrorCodes.SchemaTooNew)
            .Fails(422, ErrorCodes.ConnectionFailed)
            .Fails(503, ErrorCodes.SharedDbUnavailable));
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
        var connectionString = req.BuildConnectionString();
        await using var dataSource = sharedDb.CreateDataSource(connectionString);
        await using var connection = await ConnectAsync(dataSource, req, ct);

        var (schema, hasUsers) = await SharedMigrations.InspectAsync(connection, ct);
        if (SharedMigrations.IsNewerThanThisBuild(schema))
            throw new ApiException(409, ErrorCodes.SchemaTooNew, $"The database is at schema {schema.Current}; this version of the API knows up to {schema.Expected}. Upgrade the API first.");
        if (!hasUsers && req.AdminUser is null)
            ThrowError(r => r.AdminUser, "This shared database has no team accounts yet: give the first admin (adminUser).");

        var adminPasswordHash = req.AdminUser is null ? null : await passwords.HashAsync(req.AdminUser.Password, ct);
        IReadOnlyList<string> applied;
        try
        {
            applied = await migrations.MigrateAsync(connection, ct);
        }
        catch (TimeoutException e)
        {
            throw new ApiException(503, ErrorCodes.SharedDbUnavailable, e.Message);
        }

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
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            await AuditLog.AppendAsync(connection, tx, actor, new AuditEntry("installation.configured", "installation", null,
                After: new { host = target.Host, database = target.Database, migrationsApplied = applied, adminUserId = adminId }), audit, ct);

            // Stored last, just before the commit: if storing fails the transaction rolls back and nothing has changed.
            await stored.SaveAsync(connectionString, ct);
            await tx.CommitAsync(ct);
        }

        sharedDb.Use(connectionString, managed: false, SharedDbStates.Available);
        sharedDb.Observed((await SharedMigrations.InspectAsync(connection, ct)).Schema, adminUserCreated: true);
        if (caller.Realm == Realms.Setup)
            setupToken.Consume();
        return new Response(sharedDb.State, applied, adminId?.ToString());
    }

    async Task<NpgsqlConnection> ConnectAsync(NpgsqlDataSource dataSource, Request req, CancellationToken ct)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new ApiException(422, ErrorCodes.ConnectionFailed, $"Cannot use that database: {SharedDbFailures.Describe(e, req.PasswordOf())}");
        }
    }

    internal static ApiException ManagedByConfiguration() =>
        new(409, ErrorCodes.ManagedByConfiguration, "The shared database is set in this server's configuration (SharedDb:ConnectionString); change it there.");
}
