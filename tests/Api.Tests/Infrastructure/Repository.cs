namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>The checkout the tests run from, for tests that hold the docs to the code.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "WorkspaceOrganizer.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("WorkspaceOrganizer.sln not found above " + AppContext.BaseDirectory);
    }
}
