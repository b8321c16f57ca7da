namespace CriRuntime.Dockerfile.Rules;

/// <summary>apt lists left in a layer add tens of MB; remove them in the same RUN or keep them in a cache mount.</summary>
internal sealed class DF3005_AptCleanLists : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptCleanLists, "Delete the apt-get lists after installing something", "Remove /var/lib/apt/lists/* after '{0} {1}', later in the same RUN (or use a cache mount)", RuleCategories.PackageManager, Severity.Info, "DL3009", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, "/var/lib/apt/lists", "/var/lib/apt"))
            {
                continue;
            }

            var call = PackageRules.UncleanedFill(
                script,
                c => (c.Manager == "apt-get" || c.Manager == "apt") && c.Subcommand is "install" or "update" or "upgrade" or "dist-upgrade" or "full-upgrade",
                command => PackageRules.IsRemoval(command, "/var/lib/apt/lists") || PackageRules.IsRun(command, "apt-get", "dist-clean"));
            if (call is null)
            {
                continue;
            }

            var fixes = run.Heredocs.Count == 0 && !run.IsExecForm && script.Source == run.Line && script.EndsCleanly(run.Line.Length)
                ? context.Fix("Add rm -rf /var/lib/apt/lists/*", run.LineEnd, run.LineEnd, " && rm -rf /var/lib/apt/lists/*")
                : new Fix[0];
            context.ReportWithFixes(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), fixes, call.Manager, call.Subcommand);
        }
    }
}
