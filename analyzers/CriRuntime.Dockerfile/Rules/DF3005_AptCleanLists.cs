namespace CriRuntime.Dockerfile.Rules;

/// <summary>apt lists left in a layer add tens of MB; remove them in the same RUN or keep them in a cache mount.</summary>
internal sealed class DF3005_AptCleanLists : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptCleanLists, "Delete the apt-get lists after installing something", "Remove /var/lib/apt/lists/* in the same RUN as '{0} install' (or use a cache mount)", RuleCategories.PackageManager, Severity.Info, "DL3009", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage))
            {
                continue;
            }

            foreach (var call in script.Packages)
            {
                if ((call.Manager != "apt-get" && call.Manager != "apt") || call.Subcommand != "install")
                {
                    continue;
                }

                if (PackageRules.Removes(script, "/var/lib/apt/lists") || PackageRules.Runs(script, "apt-get", "dist-clean") || RuleContext.HasCacheMount(run, "/var/lib/apt/lists", "/var/lib/apt"))
                {
                    break;
                }

                var fixes = run.Heredocs.Count == 0 && !run.IsExecForm && script.Source == run.Line && script.EndsCleanly(run.Line.Length)
                    ? context.Fix("Add rm -rf /var/lib/apt/lists/*", run.LineEnd, run.LineEnd, " && rm -rf /var/lib/apt/lists/*")
                    : new Fix[0];
                context.ReportWithFixes(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), fixes, call.Manager);
                break;
            }
        }
    }
}
