using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Alpha;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Gamma;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Vertical slices stay apart: a feature reaches nothing in another feature (shared code has one owner, or lives in
/// Infrastructure) except what <see cref="UsableByEveryFeature"/> names, and Infrastructure knows no feature.
/// Features are read from the assembly, so new ones are covered.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly Assembly Api = typeof(Program).Assembly;
    const string ApiFeatures = "WorkspaceOrganizer.Api.Features";

    /// <summary>
    /// The only types of one feature that another may use, relative to the features namespace. Every mutation of shared
    /// data must write its audit entry in its own transaction (contract §8), so the Audit feature, which owns the log,
    /// lends every feature its writing API; the rest of Audit (reading, verifying the chain) stays its own.
    /// </summary>
    static readonly string[] UsableByEveryFeature = ["Audit.AuditLog", "Audit.AuditEntry", "Audit.AuditActor", "Audit.AuditContext"];

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

        Assert.Equal(["Alpha", "Audit", "Beta", "Gamma"], FeaturesIn(typeof(ArchitectureTests).Assembly, samples).Order());
        Assert.Equal([typeof(UsesBeta).FullName], OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha").FailingTypeNames);
        Assert.True(OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Beta").IsSuccessful);
    }

    [Fact]
    public void The_feature_rule_lets_a_feature_use_the_audit_writing_api_and_nothing_else_of_audit()
    {
        var samples = typeof(ReadsAuditChain).Namespace![..typeof(ReadsAuditChain).Namespace!.LastIndexOf('.')];

        Assert.DoesNotContain(typeof(WritesAudit).FullName, OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha").FailingTypeNames ?? []);
        Assert.Equal([typeof(ReadsAuditChain).FullName], OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Gamma").FailingTypeNames);
    }

    [Fact]
    public void Every_type_usable_by_every_feature_exists()
    {
        Assert.All(UsableByEveryFeature, name => Assert.NotNull(Api.GetType($"{ApiFeatures}.{name}")));
    }

    static TestResult OtherFeatureDependencies(Assembly assembly, string featuresNamespace, string feature) =>
        Violations(assembly, $"{featuresNamespace}.{feature}",
            [.. FeaturesIn(assembly, featuresNamespace).Where(f => f != feature).SelectMany(f => ForbiddenIn(assembly, featuresNamespace, f))]);

    /// <summary>
    /// What of <paramref name="feature"/> the others may not use: its whole namespace, or, when it lends types to every
    /// feature, each of its other top-level types by name (their nested types go with them).
    /// </summary>
    static IEnumerable<string> ForbiddenIn(Assembly assembly, string featuresNamespace, string feature)
    {
        var featureNamespace = $"{featuresNamespace}.{feature}";
        var lent = UsableByEveryFeature.Select(name => $"{featuresNamespace}.{name}").Where(name => name.StartsWith($"{featureNamespace}.", StringComparison.Ordinal)).ToHashSet();
        if (lent.Count == 0)
            return [featureNamespace];
        return assembly.GetTypes()
            .Where(t => !t.IsNested && (t.Namespace == featureNamespace || t.Namespace?.StartsWith($"{featureNamespace}.", StringComparison.Ordinal) == true))
            .Select(t => t.FullName!)
            .Where(name => !lent.Contains(name));
    }

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
