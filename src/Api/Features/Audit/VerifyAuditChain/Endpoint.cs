using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Features.Audit.VerifyAuditChain;

/// <summary>
/// <c>GET /api/v1/audit/verify</c>: walks the whole chain in one statement (a snapshot; entries appended meanwhile are
/// not checked) and reports the first entry that does not follow its predecessor.
/// </summary>
internal sealed class Endpoint(SharedDatabase sharedDb) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("verify");
        Group<AuditGroup>();
        this.Allow(Access.Team(Permission.AuditRead));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await sharedDb.OpenAsync(ct);
        var (valid, count, firstInvalid) = await AuditChain.VerifyAsync(connection, ct);
        await Send.OkAsync(new Response(valid, count, firstInvalid), ct);
    }
}
