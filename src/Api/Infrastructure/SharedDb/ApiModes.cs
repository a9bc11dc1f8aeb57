namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// The API's mode, derived from the shared database's state and never stored: <see cref="Shared"/> exactly when the state
/// is <c>available</c> (<see cref="SharedDatabase.Mode"/>), otherwise <see cref="Solo"/>.
/// </summary>
public static class ApiModes
{
    public const string Solo = "solo";
    public const string Shared = "shared";
}
