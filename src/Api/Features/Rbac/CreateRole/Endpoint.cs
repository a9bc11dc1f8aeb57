using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Rbac.CreateRole;

/// <summary><c>POST /api/v1/rbac/roles</c>: a custom role with its permissions, audited as <c>role.created</c>.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/roles");
        Group<RbacGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409, ErrorCodes.Conflict));
        this.Allow(Access.Team(Permission.RbacManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var name = req.Name!.Trim();
        var description = RoleRules.NormalizeDescription(req.Description);
        var permissions = RoleRules.PermissionSet(req.Permissions!);

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await Data.InsertAsync(connection, tx, id, name, description, permissions, now, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict($"A role named '{name}' already exists (names are compared case-insensitively).");
        }
        var role = await Data.ReadAsync(connection, tx, id, ct);
        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("role.created", "role", role.Id, After: new { name, description, permissions }), now, ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/rbac/roles/{role.Id}";
        HttpContext.Response.SetETag(role.Version);
        await Send.ResponseAsync(new Response(role), 201, ct);
    }
}
