namespace CriRuntime.Dockerfile.Rules;

/// <summary>Off by default: orchestrators such as Kubernetes ignore HEALTHCHECK and use their own probes.</summary>
internal sealed class DF4016_HealthcheckMissing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.HealthcheckMissing, "HEALTHCHECK instruction missing", "The final image has no HEALTHCHECK", RuleCategories.BestPractice, Severity.None, "DL3057");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var final = context.Model.FinalStage;
        for (var s = final; s != null; s = s.BaseStageIndex >= 0 ? context.Stages[s.BaseStageIndex] : null)
        {
            foreach (var instr in s.Instructions)
            {
                if (instr.Keyword == "HEALTHCHECK")
                {
                    return;
                }
            }
        }

        if (final != null)
        {
            context.Report(Rule, final.From.KeywordToken);
        }
    }
}
