using WorkspaceOrganizer.Api.Features.ControlM.GetJobGraph;

namespace WorkspaceOrganizer.Api.Tests.Features.ControlM;

/// <summary>The strongly connected components of the graph's edge list, on small hand-made graphs and one long chain.</summary>
public sealed class CyclesTests
{
    static List<string> Find(params string[] edges) =>
        [.. Cycles.Find(edges.Select(e => e.Split("->")).Select(p => (p[0], p[1]))).Select(c => string.Join(",", c))];

    [Theory]
    [InlineData(new[] { "a->b", "b->c" }, new string[0])]
    [InlineData(new[] { "a->b", "b->a" }, new[] { "a,b" })]
    [InlineData(new[] { "a->a", "a->b" }, new[] { "a" })]
    [InlineData(new[] { "a->b", "b->c", "c->a", "c->d", "d->e", "e->d", "x->y" }, new[] { "a,b,c", "d,e" })]
    [InlineData(new[] { "a->b", "b->c", "c->b", "b->a", "a->b" }, new[] { "a,b,c" })]
    [InlineData(new[] { "a->b", "c->d", "d->b", "b->c" }, new[] { "b,c,d" })]
    public void Cycles_are_the_components_of_more_than_one_node_or_with_a_self_loop(string[] edges, string[] cycles) =>
        Assert.Equal(cycles, Find(edges));

    [Fact]
    public void A_chain_far_deeper_than_the_call_stack_is_walked_without_recursion()
    {
        const int length = 200_000;
        var edges = Enumerable.Range(0, length).Select(i => ($"j{i}", $"j{i + 1}")).Append(($"j{length}", "j0")).ToList();
        var cycle = Assert.Single(Cycles.Find(edges));
        Assert.Equal(length + 1, cycle.Count);
        Assert.Equal("j0", cycle[0]);
        Assert.Empty(Cycles.Find(edges.Take(length)));
    }
}
