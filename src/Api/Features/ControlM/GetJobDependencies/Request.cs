using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.GetJobDependencies;

internal sealed class Request
{
    public const int MaxDepth = 50;
    public static readonly string[] Directions = ["both", "predecessors", "successors"];

    public string Id { get; init; } = "";

    /// <summary>Steps to walk: 1 (direct only) to 50; default 10.</summary>
    public int Depth { get; init; } = 10;

    /// <summary><c>both</c> (default), <c>predecessors</c> or <c>successors</c>.</summary>
    public string? Direction { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Depth).InclusiveBetween(1, MaxDepth).WithMessage($"is 1 to {MaxDepth}.");
            RuleFor(x => x.Direction).Must(d => d is null || Directions.Contains(d)).WithMessage($"is one of {string.Join(", ", Directions)}.");
        }
    }
}

/// <summary>A job reached from the one asked about, at its shortest depth, with the condition (or <c>flow</c>) of the edge that reached it.</summary>
internal sealed class DependencyView
{
    public string Id { get; init; } = "";
    public string JobName { get; init; } = "";
    public string Folder { get; init; } = "";
    public int Depth { get; init; }
    public string Condition { get; init; } = "";
}

/// <summary>A direction not asked for is null.</summary>
internal sealed record Response(List<DependencyView>? Predecessors, List<DependencyView>? Successors);
