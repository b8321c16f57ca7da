using System.Text.RegularExpressions;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Rules;

public sealed class RuleDocumentationTests
{
    [Fact]
    public void Every_rule_has_a_page_and_its_help_link_points_at_it()
    {
        foreach (var rule in DockerfileLinter.Rules)
        {
            Assert.True(File.Exists(Path.Combine(TestPaths.RuleDocs, rule.Id + ".md")), $"{rule.Id} has no page");
            Assert.Equal($"https://github.com/criruntime/criruntime/blob/main/analyzers/docs/rules/{rule.Id}.md", rule.HelpUri);
        }
    }

    [Fact]
    public void Every_page_belongs_to_an_existing_rule()
    {
        var ids = DockerfileLinter.Rules.Select(r => r.Id).ToHashSet();
        foreach (var page in Directory.GetFiles(TestPaths.RuleDocs, "DF*.md"))
        {
            var id = Path.GetFileNameWithoutExtension(page);
            Assert.True(ids.Contains(id), $"{id}.md documents no rule");
            Assert.StartsWith($"# {id}: ", File.ReadAllText(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_index_lists_every_rule()
    {
        var index = File.ReadAllText(Path.Combine(TestPaths.RuleDocs, "README.md"));
        foreach (var rule in DockerfileLinter.Rules)
        {
            Assert.Contains($"[{rule.Id}]({rule.Id}.md)", index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rules_are_sorted_unique_and_in_their_category_range()
    {
        var rules = DockerfileLinter.Rules;
        Assert.Equal(rules.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal), rules.Select(r => r.Id));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        var ranges = new Dictionary<string, char>
        {
            ["Syntax"] = '1', ["Correctness"] = '1', ["BaseImage"] = '2', ["PackageManager"] = '3', ["BestPractice"] = '4', ["Security"] = '5', ["ImageSize"] = '6',
        };
        foreach (var rule in rules)
        {
            Assert.Matches(new Regex("^DF[1-6][0-9]{3}$"), rule.Id);
            Assert.Equal(ranges[rule.Category], rule.Id[2]);
            Assert.True(rule.HadolintId is null || Regex.IsMatch(rule.HadolintId, "^DL[134][0-9]{3}$"), rule.Id);
        }
    }

    [Fact]
    public void Every_hadolint_dl_rule_theme_is_covered()
    {
        var covered = DockerfileLinter.Rules.Where(r => r.HadolintId != null).Select(r => r.HadolintId!).ToHashSet();

        // Retired ids, and label types folded into one value rule, are mapped by alias.
        var retired = new[] { 3017, 3031, 3039, 3053, 3054, 3055, 3056, 3058 };
        for (var n = 3000; n <= 3062; n++)
        {
            var id = "DL" + n;
            if (retired.Contains(n))
            {
                Assert.NotEqual(id, DockerfileLinter.ResolveRuleId(id)[0]);
                continue;
            }

            Assert.True(covered.Contains(id), id + " is not covered");
        }

        foreach (var id in new[] { "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006" })
        {
            Assert.True(covered.Contains(id), id + " is not covered");
        }
    }

    [Fact]
    public void Buildkit_checks_are_covered()
    {
        var checks = DockerfileLinter.Rules.Where(r => r.BuildKitCheck != null).Select(r => r.BuildKitCheck!).ToHashSet();
        foreach (var name in new[]
        {
            "StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing", "DuplicateStageName", "ReservedStageName",
            "JSONArgsRecommended", "MaintainerDeprecated", "UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
            "LegacyKeyValueFormat", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv", "InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed",
            "ExposeProtoCasing", "ExposeInvalidFormat", "CopyIgnoredFile", "InvalidBaseImagePlatform", "InvalidDefinitionDescription",
        })
        {
            Assert.True(checks.Contains(name), name + " is not covered");
        }
    }
}
