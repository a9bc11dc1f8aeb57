using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

internal sealed class Request
{
    public static readonly string[] Formats = ["json", "mermaid", "dot"];

    /// <summary>Only the jobs of this folder path and of its sub-folders (<c>Top</c> also takes <c>Top/Sub</c>).</summary>
    public string? Folder { get; init; }

    public string? Application { get; init; }

    public string? Datacenter { get; init; }

    /// <summary><c>json</c> (default), <c>mermaid</c> (a Mermaid flowchart) or <c>dot</c> (Graphviz).</summary>
    public string? Format { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Format).Must(f => f is null || Formats.Contains(f)).WithMessage($"is one of {string.Join(", ", Formats)}.");
        }
    }
}

/// <summary>
/// The jobs asked for and their neighbours, the edges that touch them, the conditions they wait for that no job posts,
/// and the cycles among the edges.
/// </summary>
internal sealed record Response(List<Response.Node> Nodes, List<Response.Edge> Edges, List<Response.ExternalCondition> ExternalConditions, List<List<string>> Cycles)
{
    /// <summary>A job. <c>external</c>: a neighbour outside the filters, there because an edge links it to a job inside.</summary>
    internal sealed class Node
    {
        public string Id { get; set; } = "";
        public string JobName { get; set; } = "";
        public int Occurrence { get; set; }
        public string Folder { get; set; } = "";
        public string Datacenter { get; set; } = "";
        public string? Application { get; set; }
        public bool External { get; set; }
    }

    /// <summary>
    /// <c>from</c> must run before <c>to</c>. <c>kind</c> is <c>condition</c>, <c>conditional</c> (an ON/DOCOND post) or
    /// <c>flow</c> (no condition). <c>crossDay</c>: a side of the condition has the date <c>PREV</c> or <c>NEXT</c>, so the
    /// edge links runs of different days and takes no part in cycles.
    /// </summary>
    internal sealed class Edge
    {
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public string? Condition { get; set; }
        public string Kind { get; set; } = "";
        public bool CrossDay { get; set; }
    }

    /// <summary>A condition jobs of the graph wait for that no job of their datacenter posts.</summary>
    internal sealed class ExternalCondition
    {
        public string Name { get; set; } = "";
        public string Datacenter { get; set; } = "";
        public string[] Consumers { get; set; } = [];
    }
}
