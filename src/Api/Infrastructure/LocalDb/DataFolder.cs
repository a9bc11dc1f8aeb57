namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

internal static class DataFolder
{
    /// <summary>The data folder holds the database, tokens' hashes and key material: only the owner may read it.</summary>
    public static void EnsureOwnerOnly(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
