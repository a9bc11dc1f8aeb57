using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Data Protection encrypts its key ring at rest only on Windows; elsewhere the key files are the secret, so they are
/// written readable by the owner only (folder 0700, files 0600).
/// </summary>
internal sealed class OwnerOnlyKeyRepository(DirectoryInfo directory, ILoggerFactory loggers) : FileSystemXmlRepository(directory, loggers)
{
    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(Directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in Directory.EnumerateFiles())
            file.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    }
}
