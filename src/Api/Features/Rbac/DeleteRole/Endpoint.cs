using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.DeleteRole;

/// <summary>
/// <c>DELETE /api/v1/rbac/roles/{id}</c>: removes a custom role that nobody holds, audited as <c>role.deleted</c>.
/// A role still assigned is refused (409 CONFLICT with the number of holders) rather than silently taken from them;
/// see docs/rbac.md.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request>
{
    public override void Configure()
    {
        Delete("/roles/{id}");
        Group<RbacGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.BuiltInRole, ErrorCodes.Conflict).Fails(412));
        this.Allow(Access.Team(Permission.RbacManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "role");
        var caller = HttpContext.Caller();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var role = await Data.LockAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("role");
        if (role.IsBuiltIn)
            throw new ApiException(409, ErrorCodes.BuiltInRole, $"'{role.Name}' is a built-in role; it cannot be deleted.");
        Versions.Require(ifMatch, null, role.Version, "role");
        if (role.UserCount > 0)
            throw ApiException.Conflict(
                $"The role '{role.Name}' is assigned to {role.UserCount} {(role.UserCount == 1 ? "user" : "users")}; take it from them first (PUT /api/v1/rbac/users/{{userId}}/roles).");

        await Data.DeleteAsync(connection, tx, id, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("role.deleted", "role", role.Id, Before: new { role.Name, role.Description, Permissions = RoleRules.PermissionSet(role.Permissions) }), clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
