using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.DeactivateUser;

/// <summary>
/// <c>DELETE /api/v1/users/{id}</c>: deactivates the account — the row and its history stay — and revokes its sessions.
/// Deleting an account that is already inactive is a 204 that changes and audits nothing. Nobody deactivates
/// themselves, nor the last active holder of <c>rbac:manage</c> (both 409 <c>LAST_ADMIN</c>).
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TeamSessions sessions, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("{id}");
        Group<AdministrationGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(204).Fails(404).Fails(409, ErrorCodes.LastAdmin));
        this.Allow(Access.Team(Permission.UsersManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Canonical(req.Id, "user");
        var caller = HttpContext.Caller();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var user = await TeamAccounts.LockByIdAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("user");
        AdministrationRules.EnsureNotSelf(caller, id);
        if (!user.IsActive)
        {
            await tx.CommitAsync(ct);
            await Send.NoContentAsync(ct);
            return;
        }

        var now = clock.GetUtcNow();
        await Data.DeactivateAsync(connection, tx, id, now, ct);
        await sessions.RevokeAllAsync(connection, tx, id, keepSessionId: null, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("user.deactivated", "user", id, Before: new { IsActive = true }, After: new { IsActive = false }), now, ct);
        await LastRbacManager.CommitAsync(tx, ct);
        await Send.NoContentAsync(ct);
    }
}
