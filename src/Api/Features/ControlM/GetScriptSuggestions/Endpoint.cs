using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Scripts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetScriptSuggestions;

/// <summary><c>GET /api/v1/controlm-jobs/{id}/script-suggestions</c>: the scripts the job may run, best first, for a person to link.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Get("/{id}/script-suggestions");
        Group<ControlMGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ControlMRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "job");
        await using var connection = await sharedDb.OpenAsync(ct);
        var matches = await Data.ReadAsync(connection, id, ct) ?? throw ApiException.NotFound("job");
        var names = await ScriptLookup.NamesAsync(connection, [.. matches.Select(m => Guid.Parse(m.ScriptId))], ct);
        var suggestions = matches.Where(m => names.ContainsKey(m.ScriptId))
            .Select(m => new Suggestion(new LinkedScriptView(m.ScriptId, names[m.ScriptId]), m.MatchType, m.Confidence)).ToList();
        await Send.OkAsync(new Response(suggestions), ct);
    }
}
