using Dapper;
using FastEndpoints;
using FluentValidation;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.CreateTag;

internal sealed class Request
{
    /// <summary>1 to 50 characters; an existing tag of that name (case-insensitively) is answered instead of a new one.</summary>
    public string? Name { get; init; }

    /// <summary><c>#rrggbb</c>; used only when the tag is created.</summary>
    public string? Color { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().WithMessage("must not be empty.").ValidTagNameRule();
            RuleFor(x => x.Color).ValidTagColor().When(x => x.Color is not null);
        }
    }
}

internal sealed record Response(TagView Tag);

/// <summary>
/// <c>POST /api/v1/scripts/tags</c>: find-or-create by name, case-insensitively — 201 and <c>tag.created</c> when it is new,
/// 200 with the existing tag (unchanged, nothing audited) otherwise. Two callers creating one name at once get one tag.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request, Response>
{
    const string Sql = $"""
        WITH created AS (
            INSERT INTO script_tags (id, name, color, created_at, updated_at) VALUES (gen_random_uuid(), @Name, @Color, @Now, @Now)
            ON CONFLICT ((lower(name))) DO NOTHING RETURNING id, name, color)
        SELECT {TagView.Columns}, true AS {nameof(Found.Created)} FROM created t
        UNION ALL
        SELECT {TagView.Columns}, false FROM script_tags t WHERE lower(t.name) = lower(@Name) AND NOT EXISTS (SELECT 1 FROM created)
        """;

    public override void Configure()
    {
        Post("/tags");
        Group<ScriptsGroup>();
        Description(b => b.Produces<Response>(201));
        this.Allow(Access.Team(Permission.ScriptsWrite));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await sharedDb.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var (tag, created) = await FindOrCreateAsync(connection, tx, req.Name!.Trim(), req.Color?.ToLowerInvariant(), now, ct);
        if (created)
            await AuditLog.AppendAsync(connection, tx, HttpContext, new AuditEntry("tag.created", "script_tag", tag.Id, After: new { name = tag.Name, color = tag.Color }), now, ct);
        await tx.CommitAsync(ct);
        await Send.ResponseAsync(new Response(tag), created ? 201 : 200, ct);
    }

    static async Task<(TagView Tag, bool Created)> FindOrCreateAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction tx, string name, string? color,
        DateTimeOffset now, CancellationToken ct)
    {
        // A concurrent insert of the same name makes ON CONFLICT skip, but the other transaction's row is not visible to
        // this statement's snapshot until it commits; the second statement, with a new snapshot, sees it.
        var args = new { Name = name, Color = color, Now = now };
        var row = await connection.QuerySingleOrDefaultAsync<Found>(new CommandDefinition(Sql, args, tx, cancellationToken: ct))
            ?? await connection.QuerySingleAsync<Found>(new CommandDefinition(
                $"SELECT {TagView.Columns}, false AS {nameof(Found.Created)} FROM script_tags t WHERE lower(t.name) = lower(@Name)", args, tx, cancellationToken: ct));
        return (new TagView { Id = row.Id, Name = row.Name, Color = row.Color }, row.Created);
    }

    sealed class Found
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Color { get; init; }
        public bool Created { get; init; }
    }
}
