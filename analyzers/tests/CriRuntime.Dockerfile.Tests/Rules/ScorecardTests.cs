using System.Text.RegularExpressions;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Rules;

/// <summary>analyzers/docs/scorecard.md lists every hadolint DL rule and BuildKit check with the rule covering it, truthfully.</summary>
public sealed class ScorecardTests
{
    /// <summary>hadolint 2.15's rules: DL3000-DL3067 (DL3005/3017/3031/3039 retired), DL4000-DL4006 (no DL4002), DL1000 (parse error), DL1001.</summary>
    private static readonly string[] HadolintIds = new[] { 1000, 1001 }
        .Concat(Enumerable.Range(3000, 68))
        .Concat(new[] { 4000, 4001, 4003, 4004, 4005, 4006 })
        .Select(n => "DL" + n)
        .ToArray();

    /// <summary>BuildKit's build checks (frontend/dockerfile/linter/ruleset.go).</summary>
    private static readonly string[] BuildKitChecks =
    {
        "StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing", "DuplicateStageName", "ReservedStageName",
        "JSONArgsRecommended", "MaintainerDeprecated", "UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat", "InvalidBaseImagePlatform", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv", "InvalidDefaultArgInFrom",
        "FromPlatformFlagConstDisallowed", "CopyIgnoredFile", "InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat",
    };

    private static readonly string Scorecard = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "analyzers", "docs", "scorecard.md"));

    [Fact]
    public void Every_hadolint_rule_has_a_row_naming_the_rule_that_covers_it()
    {
        var rows = Rows(@"^\| (DL\d{4}) \| \w+ \| \[(DF\d{4})\]");
        Assert.Equal(HadolintIds.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (hadolintId, ruleId) in rows)
        {
            Assert.Contains(ruleId, DockerfileLinter.ResolveRuleId(hadolintId));
            var rule = DockerfileLinter.Rules.Single(r => r.Id == ruleId);
            Assert.Contains($"| {rule.DefaultSeverity} |", Row(hadolintId), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_buildkit_check_has_a_row_naming_the_rule_that_covers_it()
    {
        Assert.Equal(22, BuildKitChecks.Length);
        var rows = Rows(@"^\| ([A-Za-z]+) \| \[(DF\d{4})\]");
        Assert.Equal(BuildKitChecks.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (check, ruleId) in rows)
        {
            Assert.Contains(ruleId, DockerfileLinter.ResolveRuleId(check));
        }
    }

    private static Dictionary<string, string> Rows(string pattern)
        => Regex.Matches(Scorecard, pattern, RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    private static string Row(string key) => Scorecard.Split('\n').Single(l => l.StartsWith("| " + key + " |", StringComparison.Ordinal));
}
