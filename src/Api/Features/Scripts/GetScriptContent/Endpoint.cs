using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Http;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.GetScriptContent;

/// <summary>
/// <c>GET /api/v1/scripts/{id}/content</c>: the file exactly as it was uploaded (a cp1252 batch file stays cp1252), as an
/// attachment under the script's name, with its version as the <c>ETag</c>.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : Endpoint<ScriptRequest>
{
    const string ContentSql = "SELECT name, content_bytes AS bytes, version FROM scripts WHERE id = @Id";

    public override void Configure()
    {
        Get("/{id}/content");
        Group<ScriptsGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(200, contentType: "application/octet-stream").Fails(404));
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(ScriptRequest req, CancellationToken ct)
    {
        var id = RouteId.Parse(req.Id, "script");
        await using var connection = await sharedDb.OpenAsync(ct);
        var file = await connection.QuerySingleOrDefaultAsync<(string Name, byte[] Bytes, int Version)>(
            new CommandDefinition(ContentSql, new { Id = id }, cancellationToken: ct));
        if (file.Bytes is null)
            throw ApiException.NotFound("script");
        HttpContext.Response.SetETag(file.Version);
        await Send.BytesAsync(file.Bytes, fileName: file.Name, contentType: "application/octet-stream", cancellation: ct);
    }
}
