using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Features.Users.SignIn.SetSessionConfig;

public sealed class Request
{
    public bool? EnableSessionLock { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(x => x.EnableSessionLock).NotNull().WithMessage("must be true or false.");
    }
}

/// <summary>The settings as they now stand, with the <c>success</c> and <c>message</c> the original web client reads.</summary>
public sealed record Response(bool Success, string Message, bool EnableSessionLock, int IdleTimeoutMinutes, int HeartbeatIntervalSeconds)
{
    /// <summary>The idle timeout under the original web client's name (see <see cref="SessionConfig"/>).</summary>
    public int InactivityTimeoutMinutes => IdleTimeoutMinutes;
}

/// <summary><c>POST /api/v1/auth/session-config {enableSessionLock}</c>: the local owner turns the session lock on or off (a device setting).</summary>
internal sealed class Endpoint(LocalDatabase db, IOptions<AuthOptions> options, TimeProvider clock) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("session-config");
        Group<SignInGroup>();
        this.Allow(Access.LocalOwner);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await LocalSettings.WriteAsync(connection, SessionLockSetting.Key, req.EnableSessionLock!.Value ? "on" : "off", clock.GetUtcNow(), ct);
        var config = await SessionLockSetting.ReadAsync(connection, options, ct);
        var message = config.EnableSessionLock ? "The session lock is on." : "The session lock is off.";
        await Send.OkAsync(new Response(true, message, config.EnableSessionLock, config.IdleTimeoutMinutes, config.HeartbeatIntervalSeconds), ct);
    }
}
