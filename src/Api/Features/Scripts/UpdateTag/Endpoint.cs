using Dapper;
using FastEndpoints;
using FluentValidation;
using Npgsql;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.UpdateTag;

internal sealed class Request
{
    public string Id { get; init; } = "";

    /// <summary>A new name, 1 to 50 characters, unique case-insensitively (409).</summary>
    public string? Name { get; init; }

    /// <summary><c>#rrggbb</c>.</summary>
    public string? Color { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).ValidTagNameRule();
            RuleFor(x => x.Color).ValidTagColor().When(x => x.Color is not null);
        }
    }
}

internal sealed record Response(TagView Tag);

/// <summary><c>PATCH /api/v1/scripts/tags/{id}</c>: renames or recolours a tag; audited as <c>tag.updated</c> with what changed.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    const string LockSql = $"SELECT {TagView.Columns} FROM script_tags t WHERE t.id = @Id FOR UPDATE";
    const string UpdateSql = "UPDATE script_tags SET name = @Name, color = @Color, updated_at = @Now WHERE id = @Id";

    public override void Configure()
    {
        Patch("/tags/{id}");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404).Fails(409, ErrorCodes.Conflict));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "tag");
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<TagView>(new CommandDefinition(LockSql, new { Id = id }, tx, cancellationToken: ct))
            ?? throw ApiException.NotFound("tag");
        var after = new TagView { Id = before.Id, Name = req.Name?.Trim() ?? before.Name, Color = req.Color?.ToLowerInvariant() ?? before.Color };
        if (after.Name != before.Name || after.Color != before.Color)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new { Id = id, after.Name, after.Color, Now = now }, tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.IsUniqueViolation())
            {
                throw ApiException.Conflict($"A tag named '{after.Name}' already exists (names are compared case-insensitively).");
            }
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("tag.updated", "script_tag", before.Id,
                Before: new { name = before.Name, color = before.Color }, After: new { name = after.Name, color = after.Color }), now, ct);
        }
        await tx.CommitAsync(ct);
        await Send.OkAsync(new Response(after), ct);
    }
}
