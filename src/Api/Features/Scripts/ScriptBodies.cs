using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>
/// The request-body limits of the script endpoints that take more than the 1 MiB default, by their configuration name
/// under <c>Api:BodyLimits</c>: a 1 MiB script escaped into JSON can take several times its size, and an import carries
/// many files.
/// </summary>
internal static class ScriptBodies
{
    public const string Save = "ScriptSave";
    public const long SaveDefault = 8 * BodyLimit.MiB;

    public const string Import = "ScriptImport";
    public const long ImportDefault = 64 * BodyLimit.MiB;
}
