namespace CriRuntime.Dockerfile.Rules;

/// <summary>With strict labels, labels outside the configured schema are reported.</summary>
internal sealed class DF4018_SuperfluousLabel : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.SuperfluousLabel, "Label is not in the label schema", "Label '{0}' is not in the label schema", RuleCategories.BestPractice, Severity.Info, "DL3050");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        if (!context.Options.StrictLabels || context.Options.LabelSchema.Count == 0)
        {
            return;
        }

        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "LABEL")
            {
                continue;
            }

            foreach (var pair in instr.Pairs)
            {
                if (!context.Options.LabelSchema.ContainsKey(pair.Key.Value))
                {
                    context.Report(Rule, pair.Key, pair.Key.Value);
                }
            }
        }
    }
}
