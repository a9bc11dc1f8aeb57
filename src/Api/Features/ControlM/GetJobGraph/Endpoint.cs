using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

/// <summary>
/// <c>GET /api/v1/controlm-jobs/graph?folder=&amp;application=&amp;datacenter=&amp;format=json|mermaid|dot</c>: the dependency
/// graph of the jobs the filters select — three statements in one round trip whatever the size; the cycles are found in
/// memory over the edge list, in linear time. <c>mermaid</c> answers <c>text/vnd.mermaid</c>, <c>dot</c> <c>text/vnd.graphviz</c>.
/// </summary>
/// <remarks>The document describes the JSON answer only: OpenAPI's one schema per status cannot say the text ones apart.</remarks>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public const string MermaidContentType = "text/vnd.mermaid; charset=utf-8";
    public const string DotContentType = "text/vnd.graphviz; charset=utf-8";
    public const string TruncatedHeader = "X-Graph-Truncated";

    public override void Configure()
    {
        Get("/graph");
        Group<ControlMGroup>();
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        List<Response.Node> nodes;
        List<Data.EdgeRow> rows;
        List<Response.ExternalCondition> external;
        await using (var connection = await sharedDb.OpenAsync(ct))
            (nodes, rows, external) = await Data.ReadAsync(connection, req, ct);

        var graph = Build(nodes, rows, external);
        switch (req.Format)
        {
            case "mermaid":
                var (text, truncated) = GraphText.Mermaid(graph);
                if (truncated)
                    HttpContext.Response.Headers[TruncatedHeader] = "true";
                await Send.StringAsync(text, 200, MermaidContentType, ct);
                break;
            case "dot":
                await Send.StringAsync(GraphText.Dot(graph), 200, DotContentType, ct);
                break;
            default:
                await Send.OkAsync(graph, ct);
                break;
        }
    }

    /// <summary>
    /// The selected jobs, then the neighbours the edges reach outside the selection (marked external, in the same order
    /// as the selected ones); the cycles over every edge that is not cross-day.
    /// </summary>
    static Response Build(List<Response.Node> nodes, List<Data.EdgeRow> rows, List<Response.ExternalCondition> external)
    {
        var known = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var neighbours = new List<Response.Node>();
        foreach (var row in rows)
        {
            if (known.Add(row.From))
                neighbours.Add(new Response.Node { Id = row.From, JobName = row.FromJobName, Occurrence = row.FromOccurrence, Folder = row.FromFolder, Datacenter = row.FromDatacenter, Application = row.FromApplication, External = true });
            if (known.Add(row.To))
                neighbours.Add(new Response.Node { Id = row.To, JobName = row.ToJobName, Occurrence = row.ToOccurrence, Folder = row.ToFolder, Datacenter = row.ToDatacenter, Application = row.ToApplication, External = true });
        }
        nodes.AddRange(neighbours.OrderBy(n => n.Folder, StringComparer.Ordinal).ThenBy(n => n.JobName, StringComparer.Ordinal)
            .ThenBy(n => n.Occurrence).ThenBy(n => n.Datacenter, StringComparer.Ordinal));
        var edges = rows.Select(r => new Response.Edge { From = r.From, To = r.To, Condition = r.Condition, Kind = r.Kind, CrossDay = r.CrossDay }).ToList();
        var cycles = Cycles.Find(edges.Where(e => !e.CrossDay).Select(e => (e.From, e.To)));
        return new Response(nodes, edges, external, cycles);
    }
}
