namespace CriRuntime.Dockerfile.Rules;

/// <summary>'scratch' and 'context' have a meaning of their own and cannot name a stage.</summary>
internal sealed class DF1004_ReservedStageName : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ReservedStageName, "Reserved stage name", "'{0}' is reserved and cannot be used as a stage name", RuleCategories.Correctness, Severity.Warning, "DL3063", "ReservedStageName");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            if (stage.Name == "scratch" || stage.Name == "context")
            {
                context.Report(Rule, stage.NameToken, stage.NameToken.Value);
            }
        }
    }
}
