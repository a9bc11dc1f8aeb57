using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Features.Users;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.SetUserRoles;

/// <summary>
/// <c>PUT /api/v1/rbac/users/{userId}/roles</c>: replaces a team account's roles in one transaction, audited as
/// <c>user.roles_changed</c>. Sessions read permissions on every request, so the change holds on the user's next
/// request on every instance. Giving the roles the user already has changes nothing and writes no entry.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Put("/users/{userId}/roles");
        Group<RbacGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.LastAdmin));
        this.Allow(Access.Team(Permission.RbacManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var userId = RouteId.Parse(req.UserId, "user");
        var caller = HttpContext.Caller();
        var wanted = req.Roles!.Select(r => r.Trim()).ToList();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await Data.LockUserAsync(connection, tx, userId, ct))
            throw ApiException.NotFound("user");
        var roles = await Data.FindRolesAsync(connection, tx, wanted, ct);
        var unknown = wanted.Where(w => !roles.Any(r => string.Equals(r.Name, w, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(w => $"'{w}'").ToList();
        if (unknown.Count > 0)
            ThrowError(r => r.Roles, $"No such role: {string.Join(", ", unknown)}.");

        var before = await Data.RoleNamesAsync(connection, tx, userId, ct);
        if (before.ToHashSet(StringComparer.Ordinal).SetEquals(roles.Select(r => r.Name)))
        {
            await Send.OkAsync(new Response(await TeamAccounts.ReadUserAsync(connection, tx, userId, ct)), ct);
            return;
        }

        await Data.ReplaceAsync(connection, tx, userId, [.. roles.Select(r => r.Id)], ct);
        var user = await TeamAccounts.ReadUserAsync(connection, tx, userId, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("user.roles_changed", "user", user.Id, Before: new { roles = before }, After: new { roles = user.Roles }), clock.GetUtcNow(), ct);
        await LastRbacManager.CommitAsync(tx, ct);
        await Send.OkAsync(new Response(user), ct);
    }
}
