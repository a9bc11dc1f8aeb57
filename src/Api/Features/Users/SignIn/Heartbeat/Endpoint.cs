using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.OpenApi;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.Heartbeat;

/// <summary>
/// <c>POST /api/v1/auth/heartbeat</c>: 204 while the session stands — authenticating the request marks it used (to the
/// minute); <c>401 SESSION_EXPIRED</c> once it is over (idle timeout or maximum lifetime), on which a client locks its screen.
/// </summary>
internal sealed class Endpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("heartbeat");
        Group<SignInGroup>();
        Description(b => b.ClearDefaultProduces(200).Produces(204).Fails(401, ErrorCodes.Unauthorized, ErrorCodes.TokenExpired, ErrorCodes.SessionExpired));
        Options(b => b.WithMetadata(new ReportsSessionExpiry()));
        this.Allow(Access.AnyAccount);
    }

    public override Task HandleAsync(CancellationToken ct) => Send.NoContentAsync(ct);
}
