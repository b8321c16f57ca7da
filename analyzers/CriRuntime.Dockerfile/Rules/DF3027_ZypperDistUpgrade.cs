namespace CriRuntime.Dockerfile.Rules;

/// <summary>dist-upgrade moves the image to whatever the distribution ships that day; use a newer base image.</summary>
internal sealed class DF3027_ZypperDistUpgrade : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ZypperDistUpgrade, "Do not use zypper dist-upgrade", "'zypper {0}' upgrades the whole distribution; use a newer base image", RuleCategories.PackageManager, Severity.Warning, "DL3035");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("zypper"))
        {
            if (call.Subcommand is "dist-upgrade" or "dup")
            {
                context.Report(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), call.Subcommand);
            }
        }
    }
}
