using System.Globalization;
using System.Text;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

/// <summary>
/// The graph as a picture's source: a Mermaid flowchart or a Graphviz digraph, one box (subgraph, cluster) per folder,
/// external conditions as hexagons outside the folders. Node ids are generated (<c>n0</c>, <c>c0</c>), never job names:
/// real names hold <c>#</c>, quotes, brackets and spaces, which only labels can carry, escaped.
/// </summary>
internal static class GraphText
{
    /// <summary>Mermaid's default <c>maxEdges</c>: a flowchart with more links is refused by the renderer.</summary>
    public const int MermaidLinkLimit = 500;

    /// <summary>A link of the picture: an edge between jobs, or an external condition pointing at a job that waits for it.</summary>
    sealed record Link(string From, string To, string? Label, bool Dashed);

    sealed record Picture(List<(string Title, List<Response.Node> Nodes)> Folders, List<(string Id, string Name)> Conditions, List<Link> Links,
        Dictionary<string, string> Ids);

    /// <summary>The Mermaid text, and whether links were left out to stay within <see cref="MermaidLinkLimit"/>.</summary>
    public static (string Text, bool Truncated) Mermaid(Response graph)
    {
        var all = Layout(graph, int.MaxValue);
        var truncated = all.Links.Count > MermaidLinkLimit;
        var picture = truncated ? Layout(graph, MermaidLinkLimit) : all;
        var text = new StringBuilder("flowchart LR\n");
        if (truncated)
            text.Append(CultureInfo.InvariantCulture, $"%% warning: {all.Links.Count} links, only the first {MermaidLinkLimit} are drawn (Mermaid's limit); narrow the graph with folder, application or datacenter\n");
        for (var f = 0; f < picture.Folders.Count; f++)
        {
            var (title, nodes) = picture.Folders[f];
            text.Append(CultureInfo.InvariantCulture, $"  subgraph f{f} [\"{MermaidText(title)}\"]\n");
            foreach (var node in nodes)
                text.Append(CultureInfo.InvariantCulture, $"    {picture.Ids[node.Id]}[\"{MermaidText(Label(node))}\"]{(node.External ? ":::outside" : "")}\n");
            text.Append("  end\n");
        }
        foreach (var (id, name) in picture.Conditions)
            text.Append(CultureInfo.InvariantCulture, $"  {id}{{{{\"{MermaidText(name)}\"}}}}:::external\n");
        foreach (var link in picture.Links)
        {
            var arrow = link.Dashed ? "-.->" : "-->";
            var label = link.Label is null ? "" : $"|\"{MermaidText(link.Label)}\"|";
            text.Append(CultureInfo.InvariantCulture, $"  {link.From} {arrow}{label} {link.To}\n");
        }
        text.Append("  classDef external stroke-dasharray: 4 4\n");
        text.Append("  classDef outside stroke-dasharray: 2 2, opacity: 0.6\n");
        return (text.ToString(), truncated);
    }

    /// <summary>The Graphviz text, every link: Graphviz has no limit of its own.</summary>
    public static string Dot(Response graph)
    {
        var picture = Layout(graph, int.MaxValue);
        var text = new StringBuilder("digraph jobs {\n  rankdir=LR;\n  node [shape=box];\n");
        for (var f = 0; f < picture.Folders.Count; f++)
        {
            var (title, nodes) = picture.Folders[f];
            text.Append(CultureInfo.InvariantCulture, $"  subgraph cluster_{f} {{\n    label=\"{DotText(title)}\";\n");
            foreach (var node in nodes)
                text.Append(CultureInfo.InvariantCulture, $"    {picture.Ids[node.Id]} [label=\"{DotText(Label(node))}\"{(node.External ? ", style=dotted" : "")}];\n");
            text.Append("  }\n");
        }
        foreach (var (id, name) in picture.Conditions)
            text.Append(CultureInfo.InvariantCulture, $"  {id} [label=\"{DotText(name)}\", shape=hexagon, style=dashed];\n");
        foreach (var link in picture.Links)
        {
            var attributes = new List<string>();
            if (link.Label is not null)
                attributes.Add($"label=\"{DotText(link.Label)}\"");
            if (link.Dashed)
                attributes.Add("style=dashed");
            text.Append(CultureInfo.InvariantCulture, $"  {link.From} -> {link.To}{(attributes.Count == 0 ? "" : $" [{string.Join(", ", attributes)}]")};\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// The first <paramref name="maxLinks"/> links in the graph's order (job edges, then external conditions), and the nodes
    /// they touch — all nodes when nothing is cut, so a job without edges is still drawn.
    /// </summary>
    static Picture Layout(Response graph, int maxLinks)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Nodes.Count; i++)
            ids[graph.Nodes[i].Id] = $"n{i}";
        var links = new List<Link>();
        foreach (var edge in graph.Edges)
        {
            var label = edge.CrossDay ? $"{edge.Condition} (cross-day)" : edge.Condition;
            links.Add(new Link(ids[edge.From], ids[edge.To], label, edge.Kind == "conditional"));
        }
        var conditions = new List<(string Id, string Name)>();
        for (var c = 0; c < graph.ExternalConditions.Count; c++)
        {
            var condition = graph.ExternalConditions[c];
            conditions.Add(($"c{c}", condition.Name));
            links.AddRange(condition.Consumers.Select(consumer => new Link($"c{c}", ids[consumer], null, false)));
        }

        var cut = links.Count > maxLinks;
        var kept = cut ? links[..maxLinks] : links;
        var drawn = cut ? kept.SelectMany(l => new[] { l.From, l.To }).ToHashSet(StringComparer.Ordinal) : null;
        var datacenters = graph.Nodes.Select(n => n.Datacenter).Distinct(StringComparer.Ordinal).Count();
        var folders = graph.Nodes
            .Where(n => drawn is null || drawn.Contains(ids[n.Id]))
            .GroupBy(n => (n.Datacenter, n.Folder))
            .Select(g => (Title: datacenters > 1 ? $"{g.Key.Folder} ({g.Key.Datacenter})" : g.Key.Folder, Nodes: g.ToList()))
            .ToList();
        return new Picture(folders, [.. conditions.Where(c => drawn is null || drawn.Contains(c.Id))], kept, ids);
    }

    static string Label(Response.Node node) => node.Occurrence > 1 ? $"{node.JobName} ({node.Occurrence})" : node.JobName;

    /// <summary>
    /// Text inside a quoted Mermaid label. Mermaid has no backslash escape; it takes <c>#code;</c> entities, so the
    /// characters that end a label, start an entity or read as markup are written as their code points.
    /// </summary>
    static string MermaidText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '#' or '&' or '<' or '>' or '|' or '`' or '\\')
                escaped.Append(CultureInfo.InvariantCulture, $"#{(int)c};");
            else
                escaped.Append(char.IsControl(c) ? ' ' : c);
        }
        return escaped.ToString();
    }

    /// <summary>Text inside a DOT double-quoted string: a backslash starts an escape there (<c>\n</c>, <c>\l</c>), so it is doubled.</summary>
    static string DotText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when char.IsControl(c) => " ",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
