using System.Diagnostics;
using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

/// <summary>
/// <c>GET /api/v1/controlm-jobs/export?format=xml|json&amp;folder=&amp;datacenter=</c>: the catalog (or a folder with its
/// sub-folders) as a <c>DEFTABLE</c> or an Automation API file that the import reads back into the same definitions.
/// </summary>
/// <remarks>
/// Rows go into the response as they are read from PostgreSQL, so memory stays flat at 100,000 jobs and a slow client
/// slows the query down. A failure after the first byte cannot become a problem answer: the connection is cut, and the
/// client sees an incomplete transfer rather than a short file that looks whole.
/// </remarks>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request>
{
    const int FlushRows = 256;
    static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    public override void Configure()
    {
        Get("/export");
        Group<ControlMGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(200, typeof(string), "application/xml", "application/json").Fails(400));
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        // Started before the first byte is sent: a failure here is still a proper problem answer.
        await using var reader = await Data.OpenAsync(connection, req, ct);
        var parse = reader.GetRowParser<Data.Row>();

        var response = HttpContext.Response;
        await using var writer = ExportWriter.Create(req.Format, response.Body);
        response.ContentType = writer.ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=controlm-jobs.{writer.Extension}";
        response.Headers.CacheControl = "no-store";
        HttpContext.MarkResponseStart();
        await response.StartAsync(ct);
        try
        {
            await writer.StartAsync();
            var nesting = new FolderNesting(writer);
            var pending = 0;
            var lastFlush = Stopwatch.GetTimestamp();
            while (await reader.ReadAsync(ct))
            {
                var row = parse(reader);
                if (row.IsFolder)
                    await nesting.FolderAsync(row);
                else
                    await nesting.JobAsync(row.Job());
                if (++pending < FlushRows && Stopwatch.GetElapsedTime(lastFlush) < FlushInterval)
                    continue;
                await writer.FlushAsync();
                pending = 0;
                lastFlush = Stopwatch.GetTimestamp();
            }
            await nesting.EndAsync();
            await writer.EndAsync();
        }
        catch (Exception e) when (SharedDbFailures.IsConnectionFailure(e))
        {
            sharedDb.ReportFailure(e);
            throw;
        }
    }
}
