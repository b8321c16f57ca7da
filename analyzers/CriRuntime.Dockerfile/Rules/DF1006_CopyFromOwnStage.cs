namespace CriRuntime.Dockerfile.Rules;

/// <summary>A stage cannot copy from itself.</summary>
internal sealed class DF1006_CopyFromOwnStage : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyFromOwnStage, "COPY --from cannot reference its own stage", "--from={0} refers to the stage this COPY is in", RuleCategories.Correctness, Severity.Error, "DL3023");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                var flag = instr.Keyword == "COPY" ? instr.GetFlag("from") : null;
                var value = instr.Info.FromValue;
                if (flag is null || value is null)
                {
                    continue;
                }

                if ((stage.Name != null && value.ToLowerInvariant() == stage.Name) || value == stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    context.Report(Rule, flag.Token, value);
                }
            }
        }
    }
}
