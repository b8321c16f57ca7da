namespace CriRuntime.Dockerfile.Rules;

/// <summary>COPY --from=name that names no earlier stage is pulled as an image: usually a typo or a stage defined later.</summary>
internal sealed class DF1005_CopyFromUnknownStage : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyFromUnknownStage, "COPY --from should reference a previously defined stage", "--from={0} does not name an earlier stage{1}", RuleCategories.Correctness, Severity.Warning, "DL3022");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                var flag = instr.Keyword == "COPY" ? instr.GetFlag("from") : null;
                var value = instr.Info.FromValue;
                if (flag is null || value is null || instr.Info.FromStageIndex >= 0 || value.Length == 0 || flag.Token.Text.IndexOf('$') >= 0)
                {
                    continue;
                }

                var later = context.Model.FindStage(value, context.Stages.Count);
                if (later >= stage.Index)
                {
                    context.Report(Rule, flag.Token, value, later == stage.Index ? " (it is this stage)" : " (the stage is defined later)");
                    continue;
                }

                if (value.IndexOf('/') >= 0 || value.IndexOf(':') >= 0 || value.IndexOf('@') >= 0 || IsDigits(value))
                {
                    if (IsDigits(value))
                    {
                        context.Report(Rule, flag.Token, value, " (no stage has that index)");
                    }

                    continue;
                }

                context.Report(Rule, flag.Token, value, "; it will be pulled as an image");
            }
        }
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
