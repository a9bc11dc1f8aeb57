using System.Reflection;
using System.Text.RegularExpressions;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Alpha;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Audit;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Beta;
using WorkspaceOrganizer.Api.Tests.Infrastructure.ArchitectureSamples.Features.Gamma;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Vertical slices stay apart: a feature reaches nothing in another feature except what that feature lends
/// (<see cref="Lent"/>, each surface with its reason), and Infrastructure knows no feature. Features are read from the
/// assembly, so new ones are covered; docs/architecture.md's lending table is checked against <see cref="Lent"/>.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly Assembly Api = typeof(Program).Assembly;
    const string ApiFeatures = "WorkspaceOrganizer.Api.Features";

    /// <summary>A feature's top-level types that the other features may use, and why they may.</summary>
    public sealed record LentSurface(string Feature, string[] Types, string Reason);

    /// <summary>
    /// What each feature lends the others. A type not listed here is its feature's own: a new cross-feature use fails
    /// <see cref="A_feature_depends_on_no_other_feature"/> until it is listed, with its reason, here and in docs/architecture.md.
    /// </summary>
    public static readonly LentSurface[] Lent =
    [
        new("Audit", ["AuditLog", "AuditEntry", "AuditActor", "AuditContext"],
            "Every mutation of shared data writes its audit entry in its own transaction (contract §8): the Audit feature owns the log and lends its writing API."),
        new("Audit", ["ResourceActivity", "ActivityPage"],
            "A resource's activity route (GET /scripts/{id}/activity, contract §8) reads that resource's entries: Audit owns the reading and its cursor."),
        new("ControlM", ["LinkedJobs", "LinkedJob"],
            "Scripts show the jobs that run a script (linkedJobs) and unlink them in a script's delete, audited there; Control-M owns controlm_jobs."),
        new("Scripts", ["ScriptLookup"],
            "A Control-M job shows the name of the script it runs (linkedScript), and impact walks from a share to the scripts mapping it and their dependents; Scripts owns those tables."),
        new("Scripts", ["Analysis.ScriptNames"],
            "A job's memName and cmdLine name scripts by the same rule as a script's references (case-insensitive, with or without the extension)."),
        new("Users", ["AccountRules"],
            "Installation's configure creates the first team admin, whose input obeys the rules of every account."),
        new("Users", ["TeamAccounts", "NewTeamAccount", "UserView"],
            "Users owns team_users: Installation inserts the first admin through it, Rbac answers a role assignment with the user object."),
    ];

    public static TheoryData<string> Features => new(FeaturesIn(Api, ApiFeatures));

    [Theory]
    [MemberData(nameof(Features))]
    public void A_feature_depends_on_no_other_feature(string feature)
    {
        var uses = OtherFeatureDependencies(Api, ApiFeatures, feature, Lent);
        Assert.True(uses.Count == 0, $"In {ApiFeatures}.{feature}, these uses reach another feature beyond what it lends: {string.Join("; ", uses)}");
    }

    [Fact]
    public void Infrastructure_depends_on_no_feature()
    {
        var uses = Uses(Api, "WorkspaceOrganizer.Api.Infrastructure", used => InNamespace(used, ApiFeatures));
        Assert.True(uses.Count == 0, $"These Infrastructure types use a feature: {string.Join("; ", uses)}");
    }

    static readonly LentSurface[] SampleLent = [new("Audit", ["AuditLog"], "the samples' stand-in for the audit writing API")];

    [Fact]
    public void The_feature_rule_catches_a_feature_that_uses_another()
    {
        var samples = typeof(UsesBeta).Namespace![..typeof(UsesBeta).Namespace!.LastIndexOf('.')];

        Assert.Equal(["Alpha", "Audit", "Beta", "Gamma"], FeaturesIn(typeof(ArchitectureTests).Assembly, samples).Order());
        Assert.Equal([$"{typeof(UsesBeta).FullName} uses {typeof(BetaThing).FullName}"], OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha", SampleLent));
        Assert.Empty(OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Beta", SampleLent));
    }

    [Fact]
    public void The_feature_rule_lets_a_feature_use_what_another_lends_and_nothing_else_of_it()
    {
        var samples = typeof(ReadsAuditChain).Namespace![..typeof(ReadsAuditChain).Namespace!.LastIndexOf('.')];

        Assert.DoesNotContain(OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha", SampleLent), use => use.StartsWith(typeof(WritesAudit).FullName!, StringComparison.Ordinal));
        Assert.Equal([$"{typeof(ReadsAuditChain).FullName} uses {typeof(AuditChain).FullName}"], OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Gamma", SampleLent));
    }

    [Fact]
    public void The_feature_rule_fails_a_use_that_is_not_lent_yet()
    {
        var samples = typeof(WritesAudit).Namespace![..typeof(WritesAudit).Namespace!.LastIndexOf('.')];

        Assert.Contains($"{typeof(WritesAudit).FullName} uses {typeof(AuditLog).FullName}", OtherFeatureDependencies(typeof(ArchitectureTests).Assembly, samples, "Alpha", []));
    }

    [Fact]
    public void Every_lent_type_exists_and_is_used_by_another_feature()
    {
        foreach (var surface in Lent)
        {
            foreach (var name in surface.Types)
            {
                var type = Api.GetType($"{ApiFeatures}.{surface.Feature}.{name}");
                Assert.True(type is not null, $"{surface.Feature} lends {name}, which does not exist.");
                var borrowers = Uses(Api, ApiFeatures, used => used == type!.FullName).Where(use => !InNamespace(use, $"{ApiFeatures}.{surface.Feature}"));
                Assert.True(borrowers.Any(), $"{surface.Feature} lends {name}, but no other feature uses it: take it off the list.");
            }
        }
    }

    [Fact]
    public void The_lending_table_of_the_architecture_doc_lists_what_the_code_lends()
    {
        var doc = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var rows = doc.SkipWhile(l => !l.StartsWith("| feature | lends |", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Feature: cells[1], Types: Regex.Matches(cells[2], "`([A-Za-z.]+)`").Select(m => m.Groups[1].Value).Order().ToArray()))
            .ToList();

        Assert.Equal(
            Lent.Select(s => $"{s.Feature}: {string.Join(", ", s.Types.Order())}"),
            rows.Select(r => $"{r.Feature}: {string.Join(", ", r.Types)}"));
    }

    static readonly Dictionary<Assembly, IReadOnlyDictionary<string, IReadOnlySet<string>>> Dependencies = [];

    /// <summary>"A uses B" for every top-level type A of <paramref name="namespace"/> (or below) and every type B it uses that <paramref name="forbidden"/> picks.</summary>
    static List<string> Uses(Assembly assembly, string @namespace, Func<string, bool> forbidden)
    {
        IReadOnlyDictionary<string, IReadOnlySet<string>> dependencies;
        lock (Dependencies)
        {
            if (!Dependencies.TryGetValue(assembly, out dependencies!))
                Dependencies[assembly] = dependencies = TypeDependencies.Of(assembly);
        }
        return [.. dependencies.Where(d => InNamespace(d.Key, @namespace))
            .SelectMany(d => d.Value.Where(forbidden).Select(used => $"{d.Key} uses {used}"))
            .Order(StringComparer.Ordinal)];
    }

    static bool InNamespace(string typeName, string @namespace) => typeName.StartsWith($"{@namespace}.", StringComparison.Ordinal);

    /// <summary>The uses of other features by <paramref name="feature"/>, except the top-level types they lend (their nested types go with them).</summary>
    static List<string> OtherFeatureDependencies(Assembly assembly, string featuresNamespace, string feature, IReadOnlyList<LentSurface> lent)
    {
        var own = $"{featuresNamespace}.{feature}";
        var lentNames = lent.Where(s => s.Feature != feature).SelectMany(s => s.Types.Select(t => $"{featuresNamespace}.{s.Feature}.{t}")).ToHashSet(StringComparer.Ordinal);
        return Uses(assembly, own, used => InNamespace(used, featuresNamespace) && !InNamespace(used, own) && !lentNames.Contains(used));
    }

    static IEnumerable<string> FeaturesIn(Assembly assembly, string featuresNamespace) =>
        assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith($"{featuresNamespace}.", StringComparison.Ordinal))
            .Select(ns => ns![(featuresNamespace.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal);
}
