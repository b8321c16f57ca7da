namespace CriRuntime.Dockerfile.Rules;

/// <summary>A relative COPY destination lands wherever the base image's WORKDIR happens to be.</summary>
internal sealed class DF1020_CopyRelativeDestinationWithoutWorkdir : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.CopyRelativeDestinationWithoutWorkdir, "COPY to a relative destination without WORKDIR set", "{0} to relative destination '{1}' without a WORKDIR in this stage", RuleCategories.Correctness, Severity.Warning, "DL3045");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var hasWorkdir = DF1019_WorkdirRelativePath.HasAbsoluteInParents(context, stage);
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword == "WORKDIR")
                {
                    hasWorkdir = true;
                    continue;
                }

                if (hasWorkdir || (instr.Keyword != "COPY" && instr.Keyword != "ADD") || instr.Arguments.Count < 2 || instr.Info.Expanded is null)
                {
                    continue;
                }

                var last = instr.Arguments[instr.Arguments.Count - 1];
                var dest = instr.Info.Expanded[instr.Info.Expanded.Length - 1];
                if (!Paths.IsAbsolute(dest) && last.Text.Length > 0 && last.Text[0] != '$' && (last.Value.Length == 0 || last.Value[0] != '$'))
                {
                    context.Report(Rule, last, instr.Keyword, dest);
                }
            }
        }
    }
}
