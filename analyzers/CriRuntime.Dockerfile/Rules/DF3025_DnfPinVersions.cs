namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned packages make the image depend on the day of the build.</summary>
internal sealed class DF3025_DnfPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.DnfPinVersions, "Specify version with dnf install", "Pin the version of '{0}' ({0}-<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3041");

    private static readonly string[] Managers = { "dnf", "microdnf", "tdnf" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.PinVersions(context, Rule, Managers, false);
}
