using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.UpdateRole;

/// <summary>
/// <c>PATCH /api/v1/rbac/roles/{id}</c>: changes a custom role's members sent, bumps its version and audits
/// <c>role.updated</c> with the changed fields. A request that changes nothing changes nothing (no new version, no entry).
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Patch("/roles/{id}");
        Group<RbacGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.BuiltInRole, ErrorCodes.Conflict, ErrorCodes.LastAdmin).Fails(412));
        this.Allow(Access.Team(Permission.RbacManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ifMatch = this.ReadIfMatch();
        var id = RouteId.Parse(req.Id, "role");
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await Data.LockAsync(connection, tx, id, ct) ?? throw ApiException.NotFound("role");
        if (current.IsBuiltIn)
            throw new ApiException(409, ErrorCodes.BuiltInRole, $"'{current.Name}' is a built-in role; it cannot be changed. Create a role of your own instead.");
        Versions.Require(ifMatch, req.Version, current.Version, "role");

        var name = req.HasName ? req.Name!.Trim() : current.Name;
        var description = req.HasDescription ? RoleRules.NormalizeDescription(req.Description) : current.Description;
        var permissions = req.HasPermissions ? RoleRules.PermissionSet(req.Permissions!) : current.Permissions;
        var before = new Dictionary<string, object>();
        var after = new Dictionary<string, object>();
        if (name != current.Name)
            Changed("name", current.Name, name);
        if (description != current.Description)
            Changed("description", current.Description, description);
        var permissionsChanged = !current.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(permissions);
        if (permissionsChanged)
            Changed("permissions", RoleRules.PermissionSet(current.Permissions), permissions);
        if (after.Count == 0)
        {
            HttpContext.Response.SetETag(current.Version);
            await Send.OkAsync(new Response(current), ct);
            return;
        }

        try
        {
            await Data.UpdateAsync(connection, tx, id, name, description, permissionsChanged ? permissions : null, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"A role named '{name}' already exists (names are compared case-insensitively).");
        }
        var role = await Data.ReadAsync(connection, tx, id, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("role.updated", "role", role.Id, before, after), now, ct);
        await LastRbacManager.CommitAsync(tx, ct);

        HttpContext.Response.SetETag(role.Version);
        await Send.OkAsync(new Response(role), ct);

        void Changed(string field, object was, object becomes)
        {
            before[field] = was;
            after[field] = becomes;
        }
    }
}
