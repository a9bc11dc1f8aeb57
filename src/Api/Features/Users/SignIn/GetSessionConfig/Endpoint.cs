using FastEndpoints;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.GetSessionConfig;

/// <summary>
/// <c>GET /api/v1/auth/session-config</c>: the session-lock settings. Anyone: the original web client reads them before
/// it has a session, and they are no secret (the idle timeout is the API's configuration, the flag a yes or no).
/// </summary>
internal sealed class Endpoint(LocalDatabase db, IOptions<AuthOptions> options) : EndpointWithoutRequest<SessionConfig>
{
    public override void Configure()
    {
        Get("session-config");
        Group<SignInGroup>();
        this.Allow(Access.Anyone);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await Send.OkAsync(await SessionLockSetting.ReadAsync(connection, options, ct), ct);
    }
}
