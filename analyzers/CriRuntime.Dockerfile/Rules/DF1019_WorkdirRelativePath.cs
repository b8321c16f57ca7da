namespace CriRuntime.Dockerfile.Rules;

/// <summary>A relative WORKDIR depends on the base image's working directory until an absolute one is set.</summary>
internal sealed class DF1019_WorkdirRelativePath : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.WorkdirRelativePath, "Use absolute WORKDIR", "Relative WORKDIR '{0}' depends on the base image's working directory; use an absolute path", RuleCategories.Correctness, Severity.Error, "DL3000", "WorkdirRelativePath");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var hasAbsolute = HasAbsoluteInParents(context, stage);
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword != "WORKDIR" || instr.Arguments.Count == 0 || instr.Info.Expanded is null)
                {
                    continue;
                }

                var path = instr.Info.Expanded[0];
                if (Paths.IsAbsolute(path))
                {
                    hasAbsolute = true;
                    continue;
                }

                if (!hasAbsolute && instr.Arguments[0].Text.Length > 0 && instr.Arguments[0].Text[0] != '$')
                {
                    context.Report(Rule, instr.Arguments[0], path);
                }
            }
        }
    }

    internal static bool HasAbsoluteInParents(RuleContext context, StageSyntax stage)
    {
        var s = stage;
        for (var guard = 0; guard < 64 && s.BaseStageIndex >= 0; guard++)
        {
            s = context.Stages[s.BaseStageIndex];
            foreach (var instr in s.Instructions)
            {
                if (instr.Keyword == "WORKDIR")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
