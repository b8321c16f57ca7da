namespace CriRuntime.Dockerfile.Rules;

/// <summary>Recommended packages are rarely needed in an image and often large.</summary>
internal sealed class DF3003_AptNoInstallRecommends : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptNoInstallRecommends, "Avoid additional packages by specifying --no-install-recommends", "'{0} install' without --no-install-recommends also installs recommended packages", RuleCategories.PackageManager, Severity.Info, "DL3015", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call, _) in AptCalls.All(context))
        {
            if (call.Subcommand != "install" || call.Manager == "aptitude" || call.HasOption("--no-install-recommends"))
            {
                continue;
            }

            var option = call.OptionValue("-o") ?? call.OptionValue("--option");
            if (option != null && option.StartsWith("APT::Install-Recommends=", System.StringComparison.OrdinalIgnoreCase) && (option.EndsWith("false", System.StringComparison.OrdinalIgnoreCase) || option.EndsWith("0", System.StringComparison.Ordinal)))
            {
                continue;
            }

            PackageRules.ReportMissingOption(context, Rule, script, call, "--no-install-recommends", call.Manager);
        }
    }
}
