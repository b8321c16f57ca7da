namespace CriRuntime.Dockerfile.Rules;

/// <summary>The package cache left in the layer wastes space; clean it in the same RUN (or use a cache mount).</summary>
internal sealed class DF3024_DnfCleanAll : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.DnfCleanAll, "dnf clean all missing after dnf install", "Clean the {0} cache after '{0} {1}', later in the same RUN (or use a cache mount)", RuleCategories.PackageManager, Severity.Warning, "DL3040");

    private static readonly string[] Managers = { "dnf", "microdnf", "tdnf" };

    private static readonly string[] CacheDirs = { "/var/cache/dnf", "/var/cache/yum", "/var/cache/tdnf" };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context) => RpmRules.CleanAll(context, Rule, Managers, CacheDirs);
}
