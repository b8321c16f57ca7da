namespace CriRuntime.Dockerfile.Rules;

/// <summary>Only the last HEALTHCHECK of a stage takes effect; earlier ones are dead code.</summary>
internal sealed class DF1013_MultipleHealthcheck : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.MultipleHealthcheck, "Multiple HEALTHCHECK instructions in one stage", "Only the last {0} of a stage takes effect; this one is overridden", RuleCategories.Correctness, Severity.Error, "DL3012", "MultipleInstructionsDisallowed");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => SingleInstructionPerStage.Analyze(context, Rule, "HEALTHCHECK");
}
