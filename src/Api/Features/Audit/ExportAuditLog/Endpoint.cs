using System.Diagnostics;
using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Audit.ExportAuditLog;

/// <summary><c>GET /api/v1/audit/export?format=csv|ndjson</c> with the list's filters: the matching entries oldest first, streamed.</summary>
/// <remarks>
/// Each row goes into the response as it is read from PostgreSQL, so memory stays flat at any size and a slow client
/// slows the query down instead of filling the server. A failure after the first byte cannot become a problem answer:
/// the connection is cut, and the client sees an incomplete transfer rather than a short file that looks whole.
/// </remarks>
internal sealed class Endpoint(SharedDatabase sharedDb, TimeProvider clock) : Endpoint<Request>
{
    const int FlushBytes = 32 * 1024;
    static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    public override void Configure()
    {
        Get("export");
        Group<AuditGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(200, typeof(string), "text/csv", "application/x-ndjson"));
        this.Allow(Access.Team(Permission.AuditExport));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var format = ExportFormat.Find(req.Format)!;
        await using var connection = await sharedDb.OpenAsync(ct);
        // Started before the first byte is sent: a failure here is still a proper problem answer.
        await using var reader = await Data.OpenAsync(connection, req, ct);
        var parse = reader.GetRowParser<AuditRow>();

        var response = HttpContext.Response;
        response.ContentType = format.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=audit-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{format.Extension}";
        response.Headers.CacheControl = "no-store";
        HttpContext.MarkResponseStart();
        await response.StartAsync(ct);

        var output = response.BodyWriter;
        try
        {
            var pending = format.WriteHeader(output);
            var lastFlush = Stopwatch.GetTimestamp();
            while (await reader.ReadAsync(ct))
            {
                pending += format.WriteRow(output, parse(reader));
                if (pending < FlushBytes && Stopwatch.GetElapsedTime(lastFlush) < FlushInterval)
                    continue;
                // Waits while the client is behind: back-pressure reaches the query instead of a growing buffer.
                if ((await output.FlushAsync(ct)).IsCompleted)
                    return;
                pending = 0;
                lastFlush = Stopwatch.GetTimestamp();
            }
            await output.FlushAsync(ct);
        }
        catch (Exception e) when (SharedDbFailures.IsConnectionFailure(e))
        {
            sharedDb.ReportFailure(e);
            throw;
        }
    }
}
