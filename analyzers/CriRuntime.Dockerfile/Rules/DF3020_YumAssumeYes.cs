namespace CriRuntime.Dockerfile.Rules;

/// <summary>Without -y the command waits for a confirmation that never comes and the build fails.</summary>
internal sealed class DF3020_YumAssumeYes : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.YumAssumeYes, "Use the -y switch with yum", "'{0} {1}' without -y waits for confirmation", RuleCategories.PackageManager, Severity.Warning, "DL3030", hasFix: true);

    private static readonly string[] Managers = { "yum" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.AssumeYes(context, Rule, Managers);
}
