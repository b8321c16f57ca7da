namespace CriRuntime.Dockerfile.Rules;

/// <summary>pip's download cache left in the layer wastes space.</summary>
internal sealed class DF3041_PipNoCacheDir : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PipNoCacheDir, "Avoid the pip cache directory with pip install --no-cache-dir", "'pip install' without --no-cache-dir keeps the download cache in the image (or use a cache mount)", RuleCategories.PackageManager, Severity.Warning, "DL3042", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, "/root/.cache/pip", "/root/.cache") || SetsPipNoCache(stage) || PackageRules.Removes(script, "/root/.cache"))
            {
                continue;
            }

            foreach (var call in script.Packages)
            {
                if (call.Manager == "pip" && call.Subcommand == "install" && !call.HasOption("--no-cache-dir", "--no-cache") && !HasEnvPrefix(call.Command))
                {
                    PackageRules.ReportMissingOption(context, Rule, script, call, "--no-cache-dir");
                }
            }
        }
    }

    private static bool HasEnvPrefix(Shell.ShellCommand command)
    {
        for (var k = 0; k < command.NameIndex; k++)
        {
            if (command.Words[k].Value.StartsWith("PIP_NO_CACHE_DIR=", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SetsPipNoCache(StageSyntax stage)
    {
        foreach (var instr in stage.Instructions)
        {
            if (instr.Keyword != "ENV" && instr.Keyword != "ARG")
            {
                continue;
            }

            foreach (var pair in instr.Pairs)
            {
                if (pair.Key.Value == "PIP_NO_CACHE_DIR")
                {
                    return true;
                }
            }
        }

        return false;
    }
}
