namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned packages make the image depend on the day of the build.</summary>
internal sealed class DF3022_YumPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.YumPinVersions, "Specify version with yum install", "Pin the version of '{0}' ({0}-<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3033");

    private static readonly string[] Managers = { "yum" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.PinVersions(context, Rule, Managers, false);
}
