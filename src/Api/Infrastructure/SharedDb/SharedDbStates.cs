namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

public static class SharedDbStates
{
    public const string NotConfigured = "not_configured";
    public const string Connecting = "connecting";
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string Incompatible = "incompatible";
}
