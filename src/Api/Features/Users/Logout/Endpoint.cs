using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.Logout;

/// <summary><c>POST /api/v1/auth/logout</c>: revokes the caller's session (both its tokens).</summary>
internal sealed class Endpoint(LocalSessions sessions) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/auth/logout");
        Tags("Users");
        this.Allow(Access.AnyAccount);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        await sessions.RevokeAsync(HttpContext.Caller().SessionId, ct);
        await Send.NoContentAsync(ct);
    }
}
