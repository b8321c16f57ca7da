namespace CriRuntime.Dockerfile.Rules;

/// <summary>The final image's last USER decides who the container runs as; root there is a needless privilege.</summary>
internal sealed class DF5001_LastUserRoot : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.LastUserRoot, "Last USER should not be root", "The final image's last USER is '{0}': the container runs as root", RuleCategories.Security, Severity.Warning, "DL3002");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var final = context.Model.FinalStage;
        if (final is null)
        {
            return;
        }

        // The last USER of the final stage, or of the stage it is built FROM when it sets none.
        InstructionSyntax? last = null;
        for (var stage = final; stage != null && last is null; stage = stage.BaseStageIndex >= 0 ? context.Stages[stage.BaseStageIndex] : null)
        {
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword == "USER" && instr.Arguments.Count > 0)
                {
                    last = instr;
                }
            }
        }

        if (last?.Info.Expanded is not { Length: > 0 } expanded)
        {
            return;
        }

        var user = expanded[0];
        var colon = user.IndexOf(':');
        var name = colon >= 0 ? user.Substring(0, colon) : user;
        if (name == "root" || name == "0")
        {
            context.Report(Rule, last.Arguments[0], user);
        }
    }
}
