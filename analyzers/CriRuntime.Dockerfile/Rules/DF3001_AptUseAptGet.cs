namespace CriRuntime.Dockerfile.Rules;

/// <summary>apt's CLI is for people and may change; scripts should use apt-get or apt-cache.</summary>
internal sealed class DF3001_AptUseAptGet : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AptUseAptGet, "Do not use apt in scripts; use apt-get or apt-cache", "'apt {0}' is meant for interactive use; use '{1}'", RuleCategories.PackageManager, Severity.Warning, "DL3027", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call, _) in AptCalls.All(context))
        {
            if (call.Manager != "apt")
            {
                continue;
            }

            var nameWord = call.Command.Words[call.Command.NameIndex];
            var replacement = call.Subcommand is "search" or "show" or "policy" or "depends" or "rdepends" ? "apt-cache" : "apt-get";
            var start = script.FileStart(nameWord);
            var end = script.FileEnd(nameWord);
            var fixes = call.Subcommand == "list" || nameWord.Value != "apt" ? new Fix[0] : context.Fix("Use " + replacement, start, end, replacement);
            context.ReportWithFixes(Rule, start, end, fixes, call.Subcommand, replacement + " " + call.Subcommand);
        }
    }
}
