namespace CriRuntime.Dockerfile.Rules;

/// <summary>zypper prompts unless told not to; the build then fails.</summary>
internal sealed class DF3026_ZypperNonInteractive : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ZypperNonInteractive, "Non-interactive switch missing from zypper command", "'zypper {0}' without -n/--non-interactive or -y waits for confirmation", RuleCategories.PackageManager, Severity.Warning, "DL3034", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("zypper"))
        {
            var changes = RpmRules.IsInstall(call) || call.Subcommand is "remove" or "rm" or "update" or "up" or "patch" or "dist-upgrade" or "dup";
            if (!changes || call.HasOption("-n", "--non-interactive", "-y", "--no-confirm") || call.HasShortOption('n') || call.HasShortOption('y'))
            {
                continue;
            }

            var nameWord = call.Command.Words[call.Command.NameIndex];
            var at = script.FileEnd(nameWord);
            context.ReportWithFixes(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), context.Fix("Add --non-interactive", at, at, " --non-interactive"), call.Subcommand);
        }
    }
}
