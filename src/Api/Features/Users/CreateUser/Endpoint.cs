using FastEndpoints;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.CreateUser;

/// <summary>
/// <c>POST /api/v1/users</c>: a team account with the named roles. An unknown role is a 400 on <c>roles</c>; a taken
/// username or e-mail is a 409 from the unique indexes, not from a check that a concurrent request could slip past.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, PasswordHashing passwords, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<UsersGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409));
        this.Allow(Access.Team(Permission.UsersManage));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        var roleNames = req.Roles!.Select(n => n.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var username = req.Username.Trim();
        var user = new NewUser(
            Guid.CreateVersion7().ToString(),
            username,
            req.Email.Trim(),
            string.IsNullOrWhiteSpace(req.DisplayName) ? username : req.DisplayName.Trim(),
            await passwords.HashAsync(req.Password, ct),
            clock.GetUtcNow());

        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var roles = await Data.FindRolesAsync(connection, tx, roleNames, ct);
        var unknown = roleNames.Where(n => !roles.Any(r => r.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            ThrowError(r => r.Roles, $"No role is named {string.Join(", ", unknown.Select(n => $"'{n}'"))}.");
        UserAdministration.EnsureHolds(caller, roles.SelectMany(r => r.Permissions).Distinct(), "The new account");

        try
        {
            await Data.InsertUserAsync(connection, tx, user, ct);
        }
        catch (PostgresException e) when (e.IsUniqueViolation())
        {
            throw ApiException.Conflict(e.ConstraintName == "ux_team_users_email"
                ? $"An account with the e-mail '{user.Email}' already exists."
                : $"An account named '{user.Username}' already exists.");
        }
        await Data.InsertRolesAsync(connection, tx, user.Id, roles, ct);
        var created = await TeamAccount.FindByIdAsync(connection, user.Id, ct, tx) ?? throw new InvalidOperationException("The account just inserted is gone.");

        await AuditLog.AppendAsync(connection, tx, new AuditActor(caller.UserId, caller.Username, caller.Realm),
            new AuditEntry("user.created", "user", user.Id, After: new { created.Username, created.Email, created.DisplayName, created.Roles }),
            AuditContext.From(HttpContext, clock.GetUtcNow()), ct);
        await tx.CommitAsync(ct);

        HttpContext.Response.Headers.Location = $"/{ApiPipeline.RoutePrefix}/users/{user.Id}";
        HttpContext.Response.SetETag(created.Version);
        await Send.ResponseAsync(new Response(created.ToView()), 201, ct);
    }
}
