namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned packages make the image depend on the day of the build.</summary>
internal sealed class DF3029_ZypperPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ZypperPinVersions, "Specify version with zypper install", "Pin the version of '{0}' ({0}=<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3037");

    private static readonly string[] Managers = { "zypper" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.PinVersions(context, Rule, Managers, true);
}
