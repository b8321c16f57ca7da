namespace CriRuntime.Dockerfile.Rules;

/// <summary>Without -y apt-get install waits for an answer that never comes and the build fails.</summary>
internal sealed class DF3002_AptAssumeYes : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptAssumeYes, "Use the -y switch to avoid manual input", "'{0} install' without -y waits for confirmation", RuleCategories.PackageManager, Severity.Warning, "DL3014", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call, _) in AptCalls.All(context))
        {
            if (call.Subcommand == "install" && !AptCalls.AssumesYes(script, call))
            {
                PackageRules.ReportMissingOption(context, Rule, script, call, "-y", call.Manager);
            }
        }
    }
}
