using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.CreateUser;

/// <summary>
/// <c>POST /api/v1/users</c>: a team account with the named roles. An unknown role is a 400 on <c>roles</c>; a taken
/// username or e-mail is a 409 from the unique indexes, not from a check that a concurrent request could slip past.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, PasswordHashing passwords, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<AdministrationGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409));
        this.Allow(Access.Team(Permission.UsersManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var roleNames = req.Roles!.Select(n => n.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        var user = new NewTeamAccount(Guid.CreateVersion7(), req.Username, req.Email, req.DisplayName, await passwords.HashAsync(req.Password, ct), now);

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var roles = await Data.FindRolesAsync(connection, tx, roleNames, ct);
        var unknown = roleNames.Where(n => !roles.Any(r => r.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            ThrowError(r => r.Roles, $"No role is named {string.Join(", ", unknown.Select(n => $"'{n}'"))}.");
        AdministrationRules.EnsureHolds(caller, roles.SelectMany(r => r.Permissions).Distinct(), "The new account");

        try
        {
            await TeamAccounts.InsertAsync(connection, tx, user, [.. roles.Select(r => r.Id)], ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict(e.ConstraintName == "ux_team_users_email"
                ? $"An account with the e-mail '{user.Email.Trim()}' already exists."
                : $"An account named '{user.Username.Trim()}' already exists.");
        }
        var created = await TeamAccounts.FindByIdAsync(connection, user.Id.ToString(), ct, tx) ?? throw new InvalidOperationException("The account just inserted is gone.");

        await AuditLog.AppendAsync(connection, tx, HttpContext,
            new AuditEntry("user.created", "user", created.Id, After: new { created.Username, created.Email, created.DisplayName, created.Roles }), now, ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/users/{user.Id}";
        HttpContext.Response.SetETag(created.Version);
        await Send.ResponseAsync(new Response(created.ToView()), 201, ct);
    }
}
