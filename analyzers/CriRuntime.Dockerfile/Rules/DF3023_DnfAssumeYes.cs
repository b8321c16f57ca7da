namespace CriRuntime.Dockerfile.Rules;

/// <summary>Without -y the command waits for a confirmation that never comes and the build fails.</summary>
internal sealed class DF3023_DnfAssumeYes : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.DnfAssumeYes, "Use the -y switch with dnf", "'{0} {1}' without -y waits for confirmation", RuleCategories.PackageManager, Severity.Warning, "DL3038", hasFix: true);

    private static readonly string[] Managers = { "dnf", "tdnf" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.AssumeYes(context, Rule, Managers);
}
