using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.UpdateUser;

/// <summary>
/// <c>PATCH /api/v1/users/{id}</c>: changes the members sent, based on the version named by <c>If-Match</c> and/or
/// <c>version</c> (412 when either does not match). <c>isActive: false</c> is a deactivation with the rules of
/// <c>DELETE</c>; <c>true</c> reactivates. A request that changes nothing moves neither the version nor the audit log.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TeamSessions sessions, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Patch("{id}");
        Group<AdministrationGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.Conflict, ErrorCodes.LastAdmin).Fails(412));
        this.Allow(Access.Team(Permission.UsersManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Canonical(req.Id, "user");
        var caller = HttpContext.Caller();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await TeamAccounts.LockByIdAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("user");
        Versions.Require(ifMatch, req.Version, current.Version, "account");

        var displayName = req.HasDisplayName ? req.DisplayName!.Trim() : current.DisplayName;
        var email = req.HasEmail ? req.Email!.Trim() : current.Email;
        var isActive = req.HasIsActive ? req.IsActive!.Value : current.IsActive;
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        Record("displayName", current.DisplayName, displayName);
        Record("email", current.Email, email);
        Record("isActive", current.IsActive, isActive);
        if (after.Count == 0)
        {
            await tx.CommitAsync(ct);
            await SendAsync(current, ct);
            return;
        }

        var deactivating = current.IsActive && !isActive;
        if (deactivating)
            AdministrationRules.EnsureNotSelf(caller, id);

        var now = clock.GetUtcNow();
        try
        {
            await Data.UpdateAsync(connection, tx, id, displayName, email, isActive, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"An account with the e-mail '{email}' already exists.");
        }
        if (deactivating)
            await sessions.RevokeAllAsync(connection, tx, id, keepSessionId: null, ct);
        var updated = await TeamAccounts.FindByIdAsync(connection, id, ct, tx) ?? throw new InvalidOperationException("The locked account is gone.");

        var action = !before.ContainsKey("isActive") ? "user.updated" : isActive ? "user.reactivated" : "user.deactivated";
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry(action, "user", id, before, after), now, ct);
        await LastRbacManager.CommitAsync(tx, ct);
        await SendAsync(updated, ct);

        // before/after hold the changed fields only; an e-mail differing only in case is a change.
        void Record(string field, object current, object next)
        {
            if (Equals(current, next))
                return;
            before[field] = current;
            after[field] = next;
        }
    }

    Task SendAsync(Account user, CancellationToken ct)
    {
        HttpContext.Response.SetETag(user.Version);
        return Send.OkAsync(new Response(user.ToView()), ct);
    }
}
