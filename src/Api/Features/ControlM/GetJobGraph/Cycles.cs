namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

/// <summary>
/// The cycles of a graph given as its edge list: every strongly connected component of more than one node, and every node
/// with an edge to itself. Tarjan's algorithm with an explicit stack — a catalog's dependency chains are thousands of jobs
/// long, deeper than the call stack would take — in O(V + E).
/// </summary>
internal static class Cycles
{
    /// <summary>
    /// Each cycle lists its nodes in the order they first appear in <paramref name="edges"/>; the cycles are ordered by their
    /// first node the same way, so a deterministic edge order gives a deterministic answer.
    /// </summary>
    public static List<List<string>> Find(IEnumerable<(string From, string To)> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var successors = new List<List<int>>();
        var selfLoops = new HashSet<int>();
        int NodeOf(string name)
        {
            if (!index.TryGetValue(name, out var node))
            {
                node = names.Count;
                index.Add(name, node);
                names.Add(name);
                successors.Add([]);
            }
            return node;
        }
        foreach (var (from, to) in edges)
        {
            var f = NodeOf(from);
            var t = NodeOf(to);
            if (f == t)
                selfLoops.Add(f);
            else
                successors[f].Add(t);
        }

        var count = names.Count;
        var order = new int[count];
        Array.Fill(order, -1);
        var low = new int[count];
        var onStack = new bool[count];
        var component = new Stack<int>();
        // Each frame is a node and the position of the next successor to look at: the recursion of the textbook version.
        var frames = new Stack<(int Node, int Next)>();
        var visited = 0;
        var found = new List<List<int>>();
        for (var root = 0; root < count; root++)
        {
            if (order[root] >= 0)
                continue;
            Visit(root);
            while (frames.Count > 0)
            {
                var (node, next) = frames.Pop();
                if (next < successors[node].Count)
                {
                    frames.Push((node, next + 1));
                    var successor = successors[node][next];
                    if (order[successor] < 0)
                        Visit(successor);
                    else if (onStack[successor])
                        low[node] = Math.Min(low[node], order[successor]);
                    continue;
                }
                if (frames.Count > 0)
                {
                    var parent = frames.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
                if (low[node] != order[node])
                    continue;
                var members = new List<int>();
                int member;
                do
                {
                    member = component.Pop();
                    onStack[member] = false;
                    members.Add(member);
                }
                while (member != node);
                if (members.Count > 1 || selfLoops.Contains(node))
                    found.Add([.. members.Order()]);
            }
        }
        return [.. found.OrderBy(c => c[0]).Select(c => c.Select(n => names[n]).ToList())];

        void Visit(int node)
        {
            order[node] = low[node] = visited++;
            component.Push(node);
            onStack[node] = true;
            frames.Push((node, 0));
        }
    }
}
