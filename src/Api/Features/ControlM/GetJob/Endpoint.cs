using System.Text.Json;
using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJob;

/// <summary><c>GET /api/v1/controlm-jobs/{id}</c>: the whole job with its conditions, variables, attributes and neighbours.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/{id}");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        await using var connection = await sharedDb.OpenAsync(ct);
        var read = await Data.ReadAsync(connection, id, ct) ?? throw ApiException.NotFound("job");
        var job = read.Job;
        job.InConditions = [.. read.Conditions.Where(c => c.Direction == "in").Select(c => new InConditionView(c.Name, c.Odate, c.AndOr, c.Bracket))];
        job.OutConditions = [.. read.Conditions.Where(c => c.Direction == "out").Select(c => new OutConditionView(c.Name, c.Odate, c.Sign, c.Conditional))];
        job.Conditions = [.. read.Conditions.Select(c => new ConditionView(c.Direction, c.Name, c.Odate))];
        job.Variables = JsonSerializer.Deserialize<JsonElement>(read.Variables);
        job.Attributes = JsonSerializer.Deserialize<JsonElement>(read.Attributes);
        job.Predecessors = read.Predecessors;
        job.Successors = read.Successors;
        if (job.LinkedScriptId is { } scriptId && (await ScriptLookup.NamesAsync(connection, [Guid.Parse(scriptId)], ct)).TryGetValue(scriptId, out var name))
            job.LinkedScript = new LinkedScriptView(scriptId, name);
        await Send.OkAsync(new Response(job), ct);
    }
}
