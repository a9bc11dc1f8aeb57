using FastEndpoints;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Resolves the bearer token of endpoints that need a session (401 <c>UNAUTHORIZED</c> or <c>TOKEN_EXPIRED</c>).
/// A pre-processor rather than ASP.NET authentication so that the shared-DB gate can answer first.
/// </summary>
internal sealed class Authenticate : IGlobalPreProcessor
{
    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.ResponseStarted() || http.GetEndpoint()?.Metadata.GetMetadata<Access>() is not { RequiresSession: true })
            return;

        var token = Tokens.FromAuthorizationHeader(http.Request);
        if (token is null)
        {
            await Problem.WriteAsync(http, 401, ErrorCodes.Unauthorized, "Sign in and send the access token as 'Authorization: Bearer <token>'.");
            return;
        }

        var (caller, failure) = await http.RequestServices.GetRequiredService<LocalSessions>().AuthenticateAsync(token, ct);
        if (failure == AuthFailure.Unknown && await http.RequestServices.GetRequiredService<SetupToken>().AuthenticateAsync(token, ct) is { } installer)
            (caller, failure) = (installer, AuthFailure.None);
        if (failure == AuthFailure.Unknown)
        {
            // Not a local session: it may be a team session, which only the shared database can tell.
            var sharedDb = http.RequestServices.GetRequiredService<SharedDatabase>();
            if (sharedDb.State == SharedDbStates.Available)
                (caller, failure) = await http.RequestServices.GetRequiredService<TeamSessions>().AuthenticateAsync(token, ct);
            else if (sharedDb.IsConfigured)
            {
                await Problem.WriteAsync(http, 503, ErrorCodes.SharedDbUnavailable, "The shared database is not reachable, so a team session cannot be checked right now.");
                return;
            }
        }

        switch (failure)
        {
            case AuthFailure.SessionOver when http.GetEndpoint()?.Metadata.GetMetadata<ReportsSessionExpiry>() is not null:
                await Problem.WriteAsync(http, 401, ErrorCodes.SessionExpired, "The session is over (idle or too old); sign in again.");
                return;
            case AuthFailure.Expired or AuthFailure.SessionOver:
                await Problem.WriteAsync(http, 401, ErrorCodes.TokenExpired, "The access token has expired; refresh it or sign in again.");
                return;
            case AuthFailure.Unauthorized or AuthFailure.Unknown:
                await Problem.WriteAsync(http, 401, ErrorCodes.Unauthorized, "The access token is not valid.");
                return;
        }

        http.SetCaller(caller!);
    }
}

/// <summary>
/// Endpoint metadata: a session that is over (idle timeout, maximum lifetime) is answered <c>SESSION_EXPIRED</c> rather
/// than the usual <c>TOKEN_EXPIRED</c> — the heartbeat, whose caller locks its screen on it (contract §14).
/// </summary>
public sealed record ReportsSessionExpiry;

/// <summary>Checks the endpoint's permissions after authentication (403 <c>FORBIDDEN</c> naming the first one missing).</summary>
internal sealed class Authorize : IGlobalPreProcessor
{
    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (http.ResponseStarted() || http.GetEndpoint()?.Metadata.GetMetadata<Access>() is not { RequiresSession: true } access)
            return;

        var caller = http.Caller();
        if (access.LocalOwnerOnly && caller.Realm != Realms.Local)
            await Problem.WriteAsync(http, 403, ErrorCodes.Forbidden, "Only the local owner of this installation may do this.");
        else if (caller.Realm == Realms.Setup && access.Permissions is not [Permission.InstallationManage])
            await Problem.WriteAsync(http, 403, ErrorCodes.Forbidden, "The setup token opens the installation endpoints only; create the local owner or sign in.");
        else if (access.Permissions.FirstOrDefault(p => !caller.Has(p)) is { } permission)
            await Problem.WriteAsync(http, 403, ErrorCodes.Forbidden, $"This requires the permission '{permission}'.");
    }
}
