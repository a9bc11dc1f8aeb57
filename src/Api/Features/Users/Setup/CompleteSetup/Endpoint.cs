using FastEndpoints;
using Microsoft.Data.Sqlite;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Users.Setup.CompleteSetup;

/// <summary><c>POST /api/v1/setup</c> (the original client: <c>/setup/create-account</c>): creates the one local owner and signs it in.</summary>
internal sealed class Endpoint(LocalDatabase db, SharedDatabase sharedDb, PasswordHashing passwords, LocalSessions sessions, SetupToken setupToken, TimeProvider clock)
    : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("", "create-account");
        Group<SetupGroup>();
        this.ClientAliases("create-account");
        Description(b => b.ClearDefaultProduces(200).Produces<Response>(201).Fails(409, ErrorCodes.SetupAlreadyComplete));
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var recoveryKey = Tokens.NewRecoveryKey();
        var owner = new Account
        {
            Id = Guid.CreateVersion7().ToString(),
            Realm = Realms.Local,
            Username = req.Username.Trim(),
            Email = req.Email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(req.DisplayName) ? req.Username.Trim() : req.DisplayName.Trim(),
            PasswordHash = await passwords.HashAsync(req.Password, ct),
            RecoveryKeyHash = Tokens.Hash(Tokens.NormalizeRecoveryKey(recoveryKey)),
            IsActive = true,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await Data.InsertOwnerAsync(connection, tx, owner, ct);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new ApiException(409, ErrorCodes.SetupAlreadyComplete, "This installation already has its owner; sign in instead.");
        }

        var pair = await sessions.IssueAsync(connection, tx, owner.Id, HttpContext, ct);
        await tx.CommitAsync(ct);
        setupToken.Consume();

        HttpContext.Response.Headers.Location = "/api/v1/auth/me";
        var user = owner.ToView();
        var auth = new SessionResponse(pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, sharedDb.Mode, user);
        await Send.ResponseAsync(new Response(user, pair.AccessToken, pair.RefreshToken, pair.ExpiresIn, recoveryKey, auth), 201, ct);
    }
}
