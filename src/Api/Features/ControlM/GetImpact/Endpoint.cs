using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetImpact;

/// <summary>
/// <c>GET /api/v1/impact</c>: what breaks when a share, a server, a script or a job fails — the scripts that map the share,
/// the scripts that depend on those (transitively), the jobs that run any of them, and every job downstream of those, each
/// with the step that leads to it on its shortest path (<c>from</c>, <c>reachedBy</c>: follow <c>from</c> for the whole path).
/// Four statements whatever the size of the answer: the mappings, the reachable reference edges, the runners, the
/// reachable job edges; the paths are found in memory over those edges.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("");
        Group<ImpactGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ScriptsRead, Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var walk = new ImpactWalk();
        ImpactRoot root;
        var shares = new List<ShareView>();
        if (req.SharePart() is var (server, share))
        {
            var name = share is null ? $@"\\{server}" : $@"\\{server}\{share}";
            root = new ImpactRoot(share is null ? "server" : "share", null, name);
            var mappings = await ScriptLookup.MappingsAsync(connection, server, share, ct);
            shares = [.. mappings.GroupBy(m => m.NetworkPath, StringComparer.OrdinalIgnoreCase)
                .Select(g => new ShareView(g.Key, g.Select(m => m.ScriptId).Distinct().Count()))];
            var rootStep = walk.Add($"share:{name.ToLowerInvariant()}", new PathStep(root.Kind, null, name, null), null);
            foreach (var m in mappings)
                walk.SeedScript(m.ScriptId, m.Name, rootStep, $"maps {(m.DriveLetter is null ? "" : m.DriveLetter + " → ")}{m.NetworkPath} (line {m.Line})");
        }
        else if (req.ScriptId is { } scriptText)
        {
            var scriptId = Guid.Parse(scriptText);
            var names = await ScriptLookup.NamesAsync(connection, [scriptId], ct);
            if (!names.TryGetValue(scriptId.ToString(), out var name))
                throw ApiException.NotFound("script");
            root = new ImpactRoot("script", scriptId.ToString(), name);
            walk.SeedScript(scriptId, name, null, null);
        }
        else
        {
            var jobId = Guid.Parse(req.JobId!);
            var job = await Data.JobAsync(connection, jobId, ct) ?? throw ApiException.NotFound("job");
            root = new ImpactRoot("job", jobId.ToString(), $"{job.Folder}/{job.JobName}");
            walk.SeedJob(job);
        }

        if (walk.ScriptSeeds.Length > 0)
        {
            walk.AddDependents(await ScriptLookup.DependentsAsync(connection, walk.ScriptSeeds, ct));
            walk.AddRunners(await Data.RunnersAsync(connection, walk.ScriptIds, ct));
        }
        walk.AddDownstream(await Data.DownstreamAsync(connection, walk.JobIds, ct));

        var response = new Response(root, shares, walk.Scripts, walk.Jobs, walk.Downstream,
            new ImpactCounts(shares.Count, walk.Scripts.Count, walk.Jobs.Count, walk.Downstream.Count));
        switch (req.Format)
        {
            case "mermaid":
                await Send.StringAsync(ImpactPicture.Mermaid(walk), 200, "text/vnd.mermaid; charset=utf-8", ct);
                break;
            case "dot":
                await Send.StringAsync(ImpactPicture.Dot(walk), 200, "text/vnd.graphviz; charset=utf-8", ct);
                break;
            default:
                await Send.OkAsync(response, ct);
                break;
        }
    }
}
