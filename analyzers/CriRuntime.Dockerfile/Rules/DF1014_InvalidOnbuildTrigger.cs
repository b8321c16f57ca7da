namespace CriRuntime.Dockerfile.Rules;

/// <summary>ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.</summary>
internal sealed class DF1014_InvalidOnbuildTrigger : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidOnbuildTrigger, "ONBUILD, FROM or MAINTAINER triggered from within ONBUILD", "{0} is not allowed as an ONBUILD trigger", RuleCategories.Correctness, Severity.Error, "DL3043");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            var trigger = instr.Trigger;
            if (trigger != null && (trigger.Keyword == "ONBUILD" || trigger.Keyword == "FROM" || trigger.Keyword == "MAINTAINER"))
            {
                context.Report(Rule, trigger.KeywordToken, trigger.Keyword);
            }
        }
    }
}
