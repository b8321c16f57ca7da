namespace CriRuntime.Dockerfile.Rules;

/// <summary>Shared logic of the "only the last X of a stage counts" rules.</summary>
internal static class SingleInstructionPerStage
{
    public static void Analyze(RuleContext context, RuleDescriptor rule, string keyword)
    {
        foreach (var stage in context.Stages)
        {
            InstructionSyntax? previous = null;
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword != keyword)
                {
                    continue;
                }

                if (previous != null)
                {
                    context.Report(rule, previous.KeywordToken, keyword);
                }

                previous = instr;
            }
        }
    }
}
