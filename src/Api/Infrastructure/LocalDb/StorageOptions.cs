namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where the SQLite file and keys live. Default: the per-user application-data folder.</summary>
    public string? DataDirectory { get; set; }

    public string ResolveDataDirectory() =>
        string.IsNullOrWhiteSpace(DataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "WorkspaceOrganizer")
            : Path.GetFullPath(DataDirectory);
}
