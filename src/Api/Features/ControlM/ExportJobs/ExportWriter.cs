using WorkspaceOrganizer.Api.Features.ControlM.Formats;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

/// <summary>
/// A folder as the export opens it. <see cref="Definition"/> is null for a folder the catalog has jobs in but no row for
/// (jobs written by the API, ancestors of a sub-folder): it is written with <see cref="Kind"/> and nothing else.
/// </summary>
internal sealed record ExportFolder(string Datacenter, string Path, string Name, int Depth, string Kind, FolderDefinition? Definition, IReadOnlyList<FlowEdge> Flows)
{
    public string? ParentPath => Depth == 0 ? null : Path[..Path.LastIndexOf('/')];
}

/// <summary>
/// One format's document of nested folders and jobs, written onto the response body as the rows arrive. Its calls come in
/// file order from <see cref="FolderNesting"/>: a folder is opened, its jobs written, its sub-folders opened and closed, then it is closed.
/// </summary>
internal abstract class ExportWriter : IAsyncDisposable
{
    public abstract string ContentType { get; }
    public abstract string Extension { get; }

    public abstract Task StartAsync();
    public abstract Task OpenFolderAsync(ExportFolder folder);
    public abstract Task WriteJobAsync(JobDefinition job);
    public abstract Task CloseFolderAsync(ExportFolder folder);
    public abstract Task EndAsync();

    /// <summary>Sends what is buffered; waits while the client is behind, so back-pressure reaches the query.</summary>
    public abstract Task FlushAsync();

    public abstract ValueTask DisposeAsync();

    public static ExportWriter Create(string format, Stream body) => format == Request.Xml ? new XmlExportWriter(body) : new JsonExportWriter(body);
}

/// <summary>
/// Turns the ordered rows into the nesting of a file: closes the folders a row is not inside of, opens the ones it is
/// (a missing ancestor gets a bare folder), then hands over the row. Only the path from the root to the current folder is held.
/// </summary>
internal sealed class FolderNesting(ExportWriter writer)
{
    readonly List<ExportFolder> _open = [];

    public Task FolderAsync(Data.Row row) => MoveAsync(row.Datacenter, row.Path, row);

    public async Task JobAsync(JobDefinition job)
    {
        await MoveAsync(job.Datacenter, job.FolderPath, null);
        await writer.WriteJobAsync(job);
    }

    public async Task EndAsync()
    {
        while (_open.Count > 0)
            await CloseAsync();
    }

    async Task MoveAsync(string datacenter, string path, Data.Row? folderRow)
    {
        var segments = path.Split('/');
        var keep = 0;
        while (keep < _open.Count && keep < segments.Length && _open[keep].Datacenter == datacenter && _open[keep].Name == segments[keep])
            keep++;
        while (_open.Count > keep)
            await CloseAsync();
        for (var depth = keep; depth < segments.Length; depth++)
        {
            var own = depth == segments.Length - 1;
            var definition = own ? folderRow?.Folder() : null;
            // A bare folder that holds sub-folders is a smart one: XML nests SUB_FOLDERs only there.
            var kind = definition?.Kind ?? (depth > 0 ? FolderKinds.Sub : own && folderRow is null ? FolderKinds.Folder : FolderKinds.Smart);
            var flows = own && folderRow is not null ? folderRow.FlowEdges() : [];
            var folder = new ExportFolder(datacenter, string.Join('/', segments[..(depth + 1)]), segments[depth], depth, kind, definition, flows);
            _open.Add(folder);
            await writer.OpenFolderAsync(folder);
        }
    }

    async Task CloseAsync()
    {
        var folder = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        await writer.CloseFolderAsync(folder);
    }
}
