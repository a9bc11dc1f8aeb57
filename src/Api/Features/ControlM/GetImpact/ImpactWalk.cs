namespace WorkspaceOrganizer.Api.Features.ControlM.GetImpact;

/// <summary>
/// Breadth-first over the edges the statements returned, so each script and job is reached once, by its shortest path.
/// The paths form a tree; each result names its parent in it (<see cref="Node.FromRef"/>) rather than carrying its whole
/// path, so the answer stays linear in the results (a copied path per result grows with the sum of the chains' depths:
/// 279 MB for 11,112 jobs downstream of one share in the benchmark). The same tree is what the pictures draw.
/// </summary>
internal sealed class ImpactWalk
{
    /// <summary>A node of the walk: its picture key, its step, and the node it was reached from.</summary>
    internal sealed record Node(string Key, PathStep Step, Node? From)
    {
        /// <summary>The step before this one, as the answer names it: each result points at the one it was reached from.</summary>
        public StepRef? FromRef => From is null ? null : new StepRef(From.Step.Kind, From.Step.Id, From.Step.Name);
    }

    readonly List<Node> nodes = [];
    readonly Dictionary<Guid, (Node Node, int Depth)> scripts = [];
    readonly Dictionary<Guid, Node> jobs = [];
    readonly List<Guid> scriptSeeds = [];
    readonly List<Guid> jobSeeds = [];

    public List<ScriptImpact> Scripts { get; } = [];
    public List<JobImpact> Jobs { get; } = [];
    public List<DownstreamJob> Downstream { get; } = [];

    public IReadOnlyList<Node> Nodes => nodes;
    public Guid[] ScriptSeeds => [.. scriptSeeds];
    public Guid[] ScriptIds => [.. scripts.Keys];
    public Guid[] JobIds => [.. jobSeeds];

    public Node Add(string key, PathStep step, Node? from)
    {
        var node = new Node(key, step, from);
        nodes.Add(node);
        return node;
    }

    public void SeedScript(Guid id, string name, Node? from, string? via)
    {
        if (scripts.ContainsKey(id))
            return;
        scripts[id] = (Add($"script:{id}", new PathStep("script", id.ToString(), name, via), from), 0);
        scriptSeeds.Add(id);
    }

    public void SeedJob(Data.JobRow job)
    {
        jobs[job.Id] = Add($"job:{job.Id}", new PathStep("job", job.Id.ToString(), $"{job.Folder}/{job.JobName}", null), null);
        jobSeeds.Add(job.Id);
    }

    /// <summary>The dependents' reference edges: <c>ScriptId</c> references <c>Parent</c>.</summary>
    public void AddDependents(IReadOnlyList<(Guid ScriptId, string Name, Guid? Parent, int? Line, string? Kind)> edges)
    {
        var byParent = edges.Where(e => e.Parent is not null).ToLookup(e => e.Parent!.Value);
        var queue = new Queue<Guid>(scriptSeeds);
        while (queue.TryDequeue(out var id))
        {
            var (node, depth) = scripts[id];
            foreach (var e in byParent[id].OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (scripts.ContainsKey(e.ScriptId))
                    continue;
                scripts[e.ScriptId] = (Add($"script:{e.ScriptId}", new PathStep("script", e.ScriptId.ToString(), e.Name, $"{e.Kind} {node.Step.Name} (line {e.Line})"), node), depth + 1);
                queue.Enqueue(e.ScriptId);
            }
        }
        Scripts.AddRange(scripts.Values.OrderBy(s => s.Depth).ThenBy(s => s.Node.Step.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new ScriptImpact(s.Node.Step.Id!, s.Node.Step.Name, s.Depth, s.Node.FromRef, s.Node.Step.Via)));
    }

    static readonly string[] ViaOrder = ["linked", "memName", "cmdLine"];

    /// <summary>Each job once, by the failing script nearest the root (a link before a memName before a cmdLine).</summary>
    public void AddRunners(IReadOnlyList<Data.Runner> runners)
    {
        foreach (var r in runners.OrderBy(r => scripts[r.Script].Depth).ThenBy(r => Array.IndexOf(ViaOrder, r.Via)).ThenBy(r => r.Folder, StringComparer.Ordinal).ThenBy(r => r.JobName, StringComparer.Ordinal))
        {
            if (jobs.ContainsKey(r.Id))
                continue;
            var script = scripts[r.Script].Node;
            var node = Add($"job:{r.Id}", new PathStep("job", r.Id.ToString(), $"{r.Folder}/{r.JobName}", $"runs {script.Step.Name} ({r.Via})"), script);
            jobs[r.Id] = node;
            jobSeeds.Add(r.Id);
            Jobs.Add(new JobImpact(r.Id.ToString(), r.JobName, r.Folder, r.Datacenter, r.Via, r.Script.ToString(), node.FromRef, node.Step.Via));
        }
        Jobs.Sort((a, b) => (string.CompareOrdinal(a.Folder, b.Folder), string.CompareOrdinal(a.JobName, b.JobName)) switch
        {
            (0, var byName) => byName,
            (var byFolder, _) => byFolder,
        });
    }

    /// <summary>The reachable job edges: <c>Id</c> waits for what <c>Parent</c> posts (or follows it in a flow).</summary>
    public void AddDownstream(IReadOnlyList<Data.Edge> edges)
    {
        var byParent = edges.ToLookup(e => e.Parent);
        var depths = jobSeeds.ToDictionary(id => id, _ => 0);
        var queue = new Queue<Guid>(jobSeeds);
        while (queue.TryDequeue(out var id))
        {
            var from = jobs[id];
            foreach (var e in byParent[id].OrderBy(e => e.Folder, StringComparer.Ordinal).ThenBy(e => e.JobName, StringComparer.Ordinal).ThenBy(e => e.Via, StringComparer.Ordinal))
            {
                if (jobs.ContainsKey(e.Id))
                    continue;
                var via = e.Via == "flow" ? $"follows {from.Step.Name} (flow)" : $"waits for {e.Via}";
                var node = Add($"job:{e.Id}", new PathStep("job", e.Id.ToString(), $"{e.Folder}/{e.JobName}", via), from);
                jobs[e.Id] = node;
                depths[e.Id] = depths[id] + 1;
                queue.Enqueue(e.Id);
                Downstream.Add(new DownstreamJob(e.Id.ToString(), e.JobName, e.Folder, e.Datacenter, depths[e.Id], e.Via, node.FromRef!, via));
            }
        }
    }
}
