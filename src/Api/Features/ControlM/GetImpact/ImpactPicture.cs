using System.Text;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetImpact;

/// <summary>
/// The walk as a picture: each node once, each edge the step that reached it (so the picture is the tree of shortest paths).
/// Shares are stadiums, scripts subroutines, jobs boxes. Capped at <see cref="MaxEdges"/> edges, with a warning.
/// </summary>
internal static class ImpactPicture
{
    public const int MaxEdges = 500;

    public static string Mermaid(ImpactWalk walk)
    {
        var text = new StringBuilder("flowchart LR\n");
        var (nodes, truncated) = Shown(walk);
        if (truncated)
            text.Append($"%% warning: the impact has {walk.Nodes.Count - 1} edges; the first {MaxEdges} (nearest the root) are drawn.\n");
        var ids = nodes.Select((n, i) => (n.Key, Id: $"n{i}")).ToDictionary(x => x.Key, x => x.Id);
        foreach (var node in nodes)
        {
            var label = MermaidText(node.Step.Name);
            text.Append("    ").Append(ids[node.Key]).Append(node.Step.Kind switch
            {
                "script" => $"[[\"{label}\"]]",
                "job" => $"[\"{label}\"]",
                _ => $"([\"{label}\"])",
            }).Append('\n');
        }
        foreach (var node in nodes.Where(n => n.From is not null))
            text.Append($"    {ids[node.From!.Key]} -->|\"{MermaidText(node.Step.Via ?? "")}\"| {ids[node.Key]}\n");
        return text.ToString();
    }

    public static string Dot(ImpactWalk walk)
    {
        var text = new StringBuilder("digraph impact {\n    rankdir=LR;\n");
        var (nodes, truncated) = Shown(walk);
        if (truncated)
            text.Append($"    // warning: the impact has {walk.Nodes.Count - 1} edges; the first {MaxEdges} (nearest the root) are drawn.\n");
        var ids = nodes.Select((n, i) => (n.Key, Id: $"n{i}")).ToDictionary(x => x.Key, x => x.Id);
        foreach (var node in nodes)
        {
            var shape = node.Step.Kind switch { "script" => "component", "job" => "box", _ => "folder" };
            text.Append($"    {ids[node.Key]} [label=\"{DotText(node.Step.Name)}\", shape={shape}];\n");
        }
        foreach (var node in nodes.Where(n => n.From is not null))
            text.Append($"    {ids[node.From!.Key]} -> {ids[node.Key]} [label=\"{DotText(node.Step.Via ?? "")}\"];\n");
        return text.Append("}\n").ToString();
    }

    // Nodes in the order the walk reached them (nearest the root first), so a cut keeps every kept node's path whole.
    static (List<ImpactWalk.Node> Nodes, bool Truncated) Shown(ImpactWalk walk)
    {
        var shown = new List<ImpactWalk.Node>();
        var edges = 0;
        foreach (var node in walk.Nodes)
        {
            if (node.From is not null && ++edges > MaxEdges)
                return (shown, true);
            shown.Add(node);
        }
        return (shown, false);
    }

    // Inside a quoted Mermaid label only the quote and the entity sign need escaping; line breaks would end the statement.
    static string MermaidText(string text) =>
        text.Replace("#", "#35;", StringComparison.Ordinal).Replace("\"", "#quot;", StringComparison.Ordinal)
            .Replace('\n', ' ').Replace('\r', ' ');

    static string DotText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace('\n', ' ').Replace('\r', ' ');
}
