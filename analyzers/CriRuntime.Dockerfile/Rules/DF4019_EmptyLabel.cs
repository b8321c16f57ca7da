namespace CriRuntime.Dockerfile.Rules;

/// <summary>A schema label set to an empty value carries no information.</summary>
internal sealed class DF4019_EmptyLabel : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.EmptyLabel, "Label is empty", "Label '{0}' is empty", RuleCategories.BestPractice, Severity.Warning, "DL3051");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        if (context.Options.LabelSchema.Count == 0)
        {
            return;
        }

        foreach (var label in ImageLabels.OfFinalImage(context))
        {
            if (context.Options.LabelSchema.ContainsKey(label.Key) && label.Value.Value.Trim().Length == 0)
            {
                context.Report(Rule, label.Value.Pair.Whole, label.Key);
            }
        }
    }
}
