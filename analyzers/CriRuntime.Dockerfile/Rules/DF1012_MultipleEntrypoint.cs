namespace CriRuntime.Dockerfile.Rules;

/// <summary>Only the last ENTRYPOINT of a stage takes effect; earlier ones are dead code.</summary>
internal sealed class DF1012_MultipleEntrypoint : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.MultipleEntrypoint, "Multiple ENTRYPOINT instructions in one stage", "Only the last {0} of a stage takes effect; this one is overridden", RuleCategories.Correctness, Severity.Error, "DL4004", "MultipleInstructionsDisallowed");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => SingleInstructionPerStage.Analyze(context, Rule, "ENTRYPOINT");
}
