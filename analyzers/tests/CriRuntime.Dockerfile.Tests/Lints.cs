namespace CriRuntime.Dockerfile.Tests;

/// <summary>Test helpers around <see cref="DockerfileLinter"/>.</summary>
internal static class Lints
{
    public static IReadOnlyList<Finding> Of(string text, string ruleId, LintOptions? options = null)
        => DockerfileLinter.Lint(text, options ?? Enabled(ruleId)).Findings.Where(f => f.Rule.Id == ruleId).ToList();

    /// <summary>Options that turn on <paramref name="ruleId"/> even when it is off by default.</summary>
    public static LintOptions Enabled(string ruleId)
    {
        var rule = DockerfileLinter.Rules.Single(r => r.Id == ruleId);
        // Matches the configuration the rule pages' examples describe in their comments.
        var options = new LintOptions
        {
            TrustedRegistries = new List<string> { "docker.io" },
            LabelSchema = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "semver" },
            StrictLabels = true,
            DockerIgnore = "# context exclusions\nsecrets/\n*.log\n!keep.log\n",
        };
        if (rule.DefaultSeverity == Severity.None)
        {
            options.SeverityOverrides[ruleId] = Severity.Info;
        }

        return options;
    }

    /// <summary>The text a finding's span covers.</summary>
    public static string Covered(string text, Finding finding) => text.Substring(finding.Span.Start, finding.Span.Length);

    /// <summary>Applies all edits of a fix (assumed non-overlapping) to the text.</summary>
    public static string Apply(string text, Fix fix)
    {
        foreach (var edit in fix.Edits.OrderByDescending(e => e.Span.Start))
        {
            text = text.Remove(edit.Span.Start, edit.Span.Length).Insert(edit.Span.Start, edit.NewText);
        }

        return text;
    }
}
