namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

public static class SharedDbStates
{
    public const string NotConfigured = "not_configured";
    public const string Connecting = "connecting";
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string Incompatible = "incompatible";
}

public static class Modes
{
    public const string Solo = "solo";
    public const string Shared = "shared";
}

/// <summary>
/// What the API knows about the optional shared PostgreSQL. Until team mode is installed there is none:
/// the state is <c>not_configured</c> and the mode is derived from it, never stored.
/// </summary>
public sealed class SharedDbStatus
{
    public string State => SharedDbStates.NotConfigured;
    public string Mode => State == SharedDbStates.Available ? Modes.Shared : Modes.Solo;
}
