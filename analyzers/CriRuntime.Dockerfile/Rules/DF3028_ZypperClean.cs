namespace CriRuntime.Dockerfile.Rules;

/// <summary>The package cache left in the layer wastes space; clean it in the same RUN (or use a cache mount).</summary>
internal sealed class DF3028_ZypperClean : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ZypperClean, "zypper clean missing after zypper install", "Clean the {0} cache after '{0} {1}', later in the same RUN (or use a cache mount)", RuleCategories.PackageManager, Severity.Warning, "DL3036");

    private static readonly string[] Managers = { "zypper" };

    private static readonly string[] CacheDirs = { "/var/cache/zypp" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.CleanAll(context, Rule, Managers, CacheDirs);
}
