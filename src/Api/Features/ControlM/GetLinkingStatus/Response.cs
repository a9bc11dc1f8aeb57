namespace WorkspaceOrganizer.Api.Features.ControlM.GetLinkingStatus;

/// <summary><c>linkingPercentage</c> is linked jobs over all jobs, 0–100 with one decimal (0 without jobs).</summary>
internal sealed record Response(int TotalJobs, int JobsWithMemName, int LinkedJobs, int UnlinkedJobs, double LinkingPercentage);
