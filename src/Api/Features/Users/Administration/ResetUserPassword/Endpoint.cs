using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.ResetUserPassword;

/// <summary>
/// <c>POST /api/v1/users/{id}/reset-password</c>: sets a team account's password and revokes all its sessions, on
/// every instance at once (sessions are checked in PostgreSQL on each request). Resetting your own password this way
/// signs you out too; <c>/auth/change-password</c> keeps the current session.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, PasswordHashing passwords, TeamSessions sessions, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Post("{id}/reset-password");
        Group<AdministrationGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(204).Fails(404));
        this.Allow(Access.Team(Permission.UsersManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "user");
        var caller = HttpContext.Caller();
        var hash = await passwords.HashAsync(req.NewPassword, ct);

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var user = await TeamAccounts.LockByIdAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("user");
        AdministrationRules.EnsureHolds(caller, user.Permissions, "This account");

        var now = clock.GetUtcNow();
        await Data.SetPasswordAsync(connection, tx, id, hash, now, ct);
        await sessions.RevokeAllAsync(connection, tx, id, keepSessionId: null, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("user.password_reset", "user", id), now, ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
