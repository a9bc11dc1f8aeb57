namespace WorkspaceOrganizer.Api.Infrastructure.Security;

public static class Realms
{
    public const string Local = "local";
    public const string Team = "team";

    /// <summary>The one-time setup token of an installation without a local owner.</summary>
    public const string Setup = "setup";
}

/// <summary>The account behind the current request, set by <see cref="Authenticate"/>.</summary>
public sealed record Caller(string UserId, string Username, string Realm, string SessionId, IReadOnlySet<string> Permissions)
{
    public bool Has(string permission) => Permissions.Contains(permission);
}

public static class CallerExtensions
{
    const string Key = "workspace-organizer.caller";

    public static void SetCaller(this HttpContext ctx, Caller caller) => ctx.Items[Key] = caller;

    /// <summary>The signed-in caller; only valid on endpoints that require a session.</summary>
    public static Caller Caller(this HttpContext ctx) =>
        ctx.Items[Key] as Caller ?? throw new InvalidOperationException("This endpoint does not require a session, so it has no caller.");
}
