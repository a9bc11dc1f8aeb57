namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobFilters;

/// <summary>The values the list's filters can take, each sorted; <c>folders</c> are paths (<c>Top/Sub</c>).</summary>
internal sealed record Response(List<string> Applications, List<string> Folders, List<string> Nodes, List<string> TaskTypes, List<string> Datacenters);
