using System.Text.RegularExpressions;
using Xunit;

namespace CriRuntime.Dockerfile.Tests.Rules;

/// <summary>Each rule page's examples are executable: the non-compliant one triggers the rule, the compliant one does not.</summary>
public sealed class RuleExampleTests
{
    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in DockerfileLinter.Rules)
        {
            data.Add(rule.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Non_compliant_example_triggers_the_rule(string id)
    {
        var example = Example(id, "Non-compliant");
        Assert.NotEmpty(Lints.Of(example, id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Compliant_example_does_not_trigger_the_rule(string id)
    {
        var example = Example(id, "Compliant");
        Assert.Empty(Lints.Of(example, id));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Compliant_example_has_no_syntax_error(string id)
    {
        var example = Example(id, "Compliant");
        Assert.DoesNotContain(DockerfileLinter.Lint(example).Findings, f => f.Rule.Category == "Syntax");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Fixes_of_the_example_resolve_the_finding(string id)
    {
        var example = Example(id, "Non-compliant");
        foreach (var finding in Lints.Of(example, id))
        {
            foreach (var fix in finding.Fixes)
            {
                var fixedText = Lints.Apply(example, fix);
                var after = Lints.Of(fixedText, id);
                Assert.True(after.Count < Lints.Of(example, id).Count, $"{id}: fix '{fix.Title}' did not remove the finding:\n{fixedText}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rules_that_declare_a_fix_offer_it_and_the_others_do_not(string id)
    {
        var rule = DockerfileLinter.Rules.Single(r => r.Id == id);
        var findings = Lints.Of(Example(id, "Non-compliant"), id);
        Assert.Equal(rule.HasFix, findings.Any(f => f.Fixes.Count > 0));
    }

    internal static string Example(string id, string heading)
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RuleDocs, id + ".md"));
        var match = Regex.Match(page, "## " + heading + "\\s*```dockerfile\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, $"{id}.md has no '{heading}' example");
        return match.Groups[1].Value;
    }
}
