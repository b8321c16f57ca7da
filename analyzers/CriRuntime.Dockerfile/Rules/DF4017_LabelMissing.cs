namespace CriRuntime.Dockerfile.Rules;

/// <summary>With a configured label schema, every schema label must be set on the final image.</summary>
internal sealed class DF4017_LabelMissing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.LabelMissing, "Label required by the label schema is missing", "Label '{0}' required by the label schema is missing", RuleCategories.BestPractice, Severity.Info, "DL3049");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var final = context.Model.FinalStage;
        if (context.Options.LabelSchema.Count == 0 || final is null)
        {
            return;
        }

        var labels = ImageLabels.OfFinalImage(context);
        foreach (var required in context.Options.LabelSchema.Keys)
        {
            if (!labels.ContainsKey(required))
            {
                context.Report(Rule, final.From.KeywordToken, required);
            }
        }
    }
}
