using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.ControlM;

/// <summary><c>/api/v1/impact</c> (contract §10a): across scripts and jobs, answered by Control-M, where the walk ends.</summary>
internal sealed class ImpactGroup : Group
{
    public ImpactGroup() => Configure("impact", ep => ep.Description(b => b.WithTags("Impact")));
}
