using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.ControlM;

internal sealed class ControlMGroup : Group
{
    public ControlMGroup() => Configure("controlm-jobs", ep => ep.Description(b => b.WithTags("Control-M")));
}
