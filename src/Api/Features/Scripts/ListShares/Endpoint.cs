using Dapper;
using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Scripts.ListShares;

internal sealed record Response(List<ShareView> Shares);

internal sealed class ShareView
{
    public string ServerName { get; init; } = "";
    public string ShareName { get; init; } = "";
    public string NetworkPath { get; init; } = "";
    public string[] DriveLetters { get; init; } = [];
    public int ScriptCount { get; init; }
}

/// <summary>
/// <c>GET /api/v1/scripts/shares</c>: every <c>\\server\share</c> the library maps, case-insensitively as Windows
/// compares them, with the letters it is mapped to and how many scripts map it. A mapping that names only a server
/// (<c>net use \\srv /user:x</c>) touches no share and is not listed.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    const string Sql = $"""
        SELECT min(m.server_name) AS {nameof(ShareView.ServerName)}, min(m.share_name) AS {nameof(ShareView.ShareName)},
               '\\' || min(m.server_name) || '\' || min(m.share_name) AS {nameof(ShareView.NetworkPath)},
               array_remove(array_agg(DISTINCT m.drive_letter ORDER BY m.drive_letter), NULL) AS {nameof(ShareView.DriveLetters)},
               count(DISTINCT m.script_id)::int AS {nameof(ShareView.ScriptCount)}
        FROM script_drive_mappings m
        WHERE m.share_name <> ''
        GROUP BY lower(m.server_name), lower(m.share_name)
        ORDER BY lower(m.server_name), lower(m.share_name)
        """;

    public override void Configure()
    {
        Get("/shares");
        Group<ScriptsGroup>();
        this.Allow(Access.Team(Permission.ScriptsRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var shares = (await connection.QueryAsync<ShareView>(new CommandDefinition(Sql, cancellationToken: ct))).AsList();
        await Send.OkAsync(new Response(shares), ct);
    }
}
