using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Logout;

/// <summary><c>POST /api/v1/auth/logout</c>: revokes the caller's session (both its tokens); a team logout is audited.</summary>
internal sealed class Endpoint(LocalSessions localSessions, TeamSessions teamSessions, SharedDatabase sharedDb, TimeProvider clock) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/auth/logout");
        Tags("Users");
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        if (caller.Realm == Realms.Local)
        {
            await localSessions.RevokeAsync(caller.SessionId, ct);
        }
        else
        {
            await using var connection = await sharedDb.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await teamSessions.RevokeAsync(connection, tx, caller.SessionId, ct);
            await AuditLog.AppendAsync(connection, tx, new AuditActor(caller.UserId, caller.Username, caller.Realm),
                new AuditEntry("auth.logout", "session", caller.SessionId), AuditContext.From(HttpContext, clock.GetUtcNow()), ct);
            await tx.CommitAsync(ct);
        }
        await Send.NoContentAsync(ct);
    }
}
