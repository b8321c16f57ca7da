namespace CriRuntime.Dockerfile.Rules;

/// <summary>Schema labels must hold a value of their declared type (url, email, rfc3339, semver, hash, spdx).</summary>
internal sealed class DF4020_InvalidLabelValue : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidLabelValue, "Label value does not match its type in the label schema", "Label '{0}' should be {1}, not '{2}'", RuleCategories.BestPractice, Severity.Warning, "DL3052");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        if (context.Options.LabelSchema.Count == 0)
        {
            return;
        }

        foreach (var label in ImageLabels.OfFinalImage(context))
        {
            var value = label.Value.Value;
            if (!context.Options.LabelSchema.TryGetValue(label.Key, out var type) || value.Trim().Length == 0 || label.Value.Pair.Value.Text?.IndexOf('$') >= 0)
            {
                continue;
            }

            var expected = LabelValues.Problem(type, value);
            if (expected != null)
            {
                context.Report(Rule, label.Value.Pair.Value, label.Key, expected, value);
            }
        }
    }
}
