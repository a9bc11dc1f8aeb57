using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

/// <summary>
/// <c>GET /api/v1/audit</c>: newest first by sequence, keyset-paged. New entries get higher sequences than every
/// cursor already handed out, so appends never shift or repeat an entry of a later page.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("");
        Group<AuditGroup>();
        this.Allow(Access.Team(Permission.AuditRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        long? cursor = PageCursor.TryDecode(req.Cursor, out var sequence) ? sequence : null;
        await using var connection = await sharedDb.OpenAsync(ct);
        // One more than the page tells whether another page follows without a count over the whole log.
        var rows = await Data.PageAsync(connection, req, cursor, req.PageSize + 1, ct);
        var hasMore = rows.Count > req.PageSize;
        if (hasMore)
            rows.RemoveAt(rows.Count - 1);
        var next = hasMore ? PageCursor.Encode(rows[^1].Sequence) : null;
        await Send.OkAsync(new Response(rows.ConvertAll(AuditEntryView.From), new CursorPageMeta(req.PageSize, next)), ct);
    }
}
