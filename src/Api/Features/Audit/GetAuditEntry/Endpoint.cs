using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Audit.GetAuditEntry;

/// <summary><c>GET /api/v1/audit/{id}</c>; a malformed id names no entry and is a 404 like an unknown one.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("{id}");
        Group<AuditGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.AuditRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        if (!Guid.TryParseExact(req.Id, "D", out var id))
            throw ApiException.NotFound("audit entry");
        await using var connection = await sharedDb.OpenAsync(ct);
        var row = await Data.FindAsync(connection, id, ct) ?? throw ApiException.NotFound("audit entry");
        await Send.OkAsync(new Response(AuditEntryView.From(row)), ct);
    }
}
