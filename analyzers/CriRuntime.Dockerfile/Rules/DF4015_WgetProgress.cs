namespace CriRuntime.Dockerfile.Rules;

/// <summary>wget's default progress bar writes thousands of lines to the build log for large files.</summary>
internal sealed class DF4015_WgetProgress : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.WgetProgress, "Use wget --progress to avoid bloated build logs", "wget without --progress (or -q/-nv) floods the build log", RuleCategories.BestPractice, Severity.Info, "DL3047", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("wget"))
        {
            if (call.HasOption("--progress", "-q", "--quiet", "-nv", "--no-verbose", "-o", "--output-file", "-a", "--append-output", "--spider") || call.HasShortOption('q'))
            {
                continue;
            }

            PackageRules.ReportMissingOption(context, Rule, script, call, "--progress=dot:giga");
        }
    }
}
