using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScript;

internal sealed record Response(ScriptView Script);

/// <summary><c>GET /api/v1/scripts/{id}</c>: the whole script with its derived facts, its version as the <c>ETag</c>.</summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<ScriptRequest, Response>
{
    public override void Configure()
    {
        Get("/{id}");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(ScriptRequest req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "script");
        await using var connection = await sharedDb.OpenAsync(ct);
        var script = await ScriptReader.ReadAsync(connection, null, id, ct) ?? throw ApiException.NotFound("script");
        HttpContext.Response.SetETag(script.Version);
        await Send.OkAsync(new Response(script), ct);
    }
}
