namespace CriRuntime.Dockerfile.Rules;

/// <summary>yarn's cache left in the layer wastes space.</summary>
internal sealed class DF3043_YarnCacheClean : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.YarnCacheClean, "yarn cache clean missing after yarn install", "Run 'yarn cache clean' in the same RUN as 'yarn {0}' (or use a cache mount)", RuleCategories.PackageManager, Severity.Info, "DL3060");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, "/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn", "/root/.cache"))
            {
                continue;
            }

            var call = PackageRules.UncleanedFill(
                script,
                c => c.Manager == "yarn" && (c.Subcommand is "install" or "add" || (c.SubcommandIndex < 0 && c.Operands.Count == 0)),
                command => PackageRules.IsRun(command, "yarn", "cache"));
            if (call != null)
            {
                context.Report(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), call.Subcommand.Length == 0 ? "install" : call.Subcommand);
            }
        }
    }
}
