namespace CriRuntime.Dockerfile.Rules;

/// <summary>apk's index cache left in the layer wastes space; --no-cache (or a cache mount) avoids it.</summary>
internal sealed class DF3011_ApkNoCache : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ApkNoCache, "Use the --no-cache switch with apk add", "'apk add' without --no-cache leaves the package index in the image", RuleCategories.PackageManager, Severity.Info, "DL3019", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, "/var/cache/apk", "/etc/apk/cache") || PackageRules.Removes(script, "/var/cache/apk"))
            {
                continue;
            }

            foreach (var call in script.Packages)
            {
                if (call.Manager == "apk" && call.Subcommand == "add" && !call.HasOption("--no-cache", "--no-network"))
                {
                    PackageRules.ReportMissingOption(context, Rule, script, call, "--no-cache");
                }
            }
        }
    }
}
