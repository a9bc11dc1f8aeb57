using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Scripts;

internal sealed class ScriptsGroup : Group
{
    public ScriptsGroup() => Configure("scripts", ep => ep.Description(b => b.WithTags("Scripts")));
}
