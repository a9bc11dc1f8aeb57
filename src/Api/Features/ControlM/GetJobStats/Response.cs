namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobStats;

internal sealed record Response(Stats Stats);

/// <summary>The counts by application, task type and server (<c>nodeId</c>) are maps of value → jobs; a job without the value counts under "".</summary>
internal sealed record Stats(int TotalJobs, int ActiveJobs, int CyclicJobs, int CriticalJobs, Dictionary<string, int> JobsByApplication,
    Dictionary<string, int> JobsByTaskType, Dictionary<string, int> JobsByServer, int Folders);
