namespace WorkspaceOrganizer.Api.Features.ControlM.AutoLinkJobs;

/// <summary>After the run: jobs linked in all, of which linked now and already before, and jobs no single script matched.</summary>
internal sealed record Response(int Linked, int NewlyLinked, int AlreadyLinked, int NoMatchFound);
