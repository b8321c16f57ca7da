namespace CriRuntime.Dockerfile.Rules;

/// <summary>An update in its own RUN is cached: a later install reads stale lists and fails or installs old versions.</summary>
internal sealed class DF3006_AptUpdateAlone : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptUpdateAlone, "Run the package index update in the same RUN as the install", "'{0} update' without an install in the same RUN: the cached layer leaves later installs with stale indexes", RuleCategories.PackageManager, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            Shell.PackageInvocation? update = null;
            var installs = false;
            foreach (var call in script.Packages)
            {
                if (call.Manager is "apt-get" or "apt" or "apk")
                {
                    if (call.Subcommand == "update")
                    {
                        update ??= call;
                    }
                    else if (call.Subcommand is "install" or "add" or "upgrade" or "dist-upgrade" or "full-upgrade" or "build-dep" or "source" or "download")
                    {
                        installs = true;
                    }
                }
            }

            if (update != null && !installs && script.Commands.Count > 0)
            {
                context.Report(Rule, PackageRules.CommandStart(script, update.Command), PackageRules.CommandEnd(script, update.Command), update.Manager);
            }
        }
    }
}
