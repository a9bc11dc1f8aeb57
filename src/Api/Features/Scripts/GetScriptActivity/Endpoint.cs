using FastEndpoints;
using WorkspaceOrganizer.Api.Features.Audit;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptActivity;

/// <summary>
/// <c>GET /api/v1/scripts/{id}/activity</c>: the script's audit entries (created, updated, imported into, deleted), newest
/// first, in pages like <c>GET /api/v1/audit</c>. Needs only <c>scripts:read</c>: what happened to a script is part of
/// reading it. A deleted script answers 404 here; its history stays in the audit log (<c>audit:read</c>).
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<Request, ActivityPage>
{
    public override void Configure()
    {
        Get("/{id}/activity");
        Group<ScriptsGroup>();
        Description(b => b.Fails(404));
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "script");
        await using var connection = await sharedDb.OpenAsync(ct);
        if (!await Data.ExistsAsync(connection, id, ct))
            throw ApiException.NotFound("script");
        await Send.OkAsync(await ResourceActivity.PageAsync(connection, "script", id.ToString("D"), req.Cursor, req.PageSize, ct), ct);
    }
}
