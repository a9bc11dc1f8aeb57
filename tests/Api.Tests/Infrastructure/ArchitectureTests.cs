using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Alpha;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Vertical slices stay apart: a feature reaches nothing in another feature (shared code has one owner, or lives in
/// Infrastructure), and Infrastructure knows no feature. Features are read from the assembly, so new ones are covered.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly Assembly Api = typeof(Program).Assembly;
    const string ApiFeatures = "WorkspaceOrganizer.Api.Features";

    public static TheoryData<string> Features => new(FeaturesIn(Api, ApiFeatures));

    [Theory]
    [MemberData(nameof(Features))]
    public void A_feature_depends_on_no_other_feature(string feature)
    {
        var result = OtherFeatureDependencies(Api, ApiFeatures, feature);
        Assert.True(result.IsSuccessful, $"In {ApiFeatures}.{feature}, these types use another feature: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Infrastructure_depends_on_no_feature()
    {
        var result = Violations(Api, "WorkspaceOrganizer.Api.Infrastructure", [ApiFeatures]);
        Assert.True(result.IsSuccessful, $"These Infrastructure types use a feature: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_feature_rule_catches_a_feature_that_uses_another()
    {
        var samples = typeof(UsesBeta).Namespace![..typeof(UsesBeta).Namespace!.LastIndexOf('.')];

        Assert.Equal(["Alpha", "Beta"], FeaturesIn(typeof(ArchitectureTests).Assembly, samples).Order());
        Assert.Equal([typeof(UsesBeta).FullName], OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha").FailingTypeNames);
        Assert.True(OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Beta").IsSuccessful);
    }

    static TestResult OtherFeatureDependencies(Assembly assembly, string featuresNamespace, string feature) =>
        Violations(assembly, $"{featuresNamespace}.{feature}",
            [.. FeaturesIn(assembly, featuresNamespace).Where(f => f != feature).Select(f => $"{featuresNamespace}.{f}")]);

    /// <summary>
    /// Types in <paramref name="namespace"/> or below that use anything in a <paramref name="forbidden"/> namespace or below.
    /// NetArchTest matches whole namespace segments, so "Features.Users" does not catch "Features.UsersAdmin".
    /// </summary>
    static TestResult Violations(Assembly assembly, string @namespace, string[] forbidden) =>
        Types.InAssembly(assembly)
            .That().ResideInNamespaceMatching($"^{Regex.Escape(@namespace)}(\\.|$)")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

    static IEnumerable<string> FeaturesIn(Assembly assembly, string featuresNamespace) =>
        assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith($"{featuresNamespace}.", StringComparison.Ordinal))
            .Select(ns => ns![(featuresNamespace.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal);
}
