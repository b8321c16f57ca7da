using System.Collections.Generic;
using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>apt-get / apt invocations and the option forms they accept.</summary>
internal static class AptCalls
{
    public static IEnumerable<(InstructionSyntax Run, ShellScript Script, PackageInvocation Call, StageSyntax Stage)> All(RuleContext context)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            foreach (var call in script.Packages)
            {
                if (call.Manager == "apt-get" || call.Manager == "apt" || call.Manager == "aptitude")
                {
                    yield return (run, script, call, stage);
                }
            }
        }
    }

    public static bool AssumesYes(ShellScript script, PackageInvocation call)
    {
        if (call.HasOption("-y", "--yes", "--assume-yes", "-qq", "--quiet=2", "-q=2", "-s", "--simulate", "--dry-run", "--just-print", "--no-act", "--print-uris") || call.HasShortOption('y'))
        {
            return true;
        }

        var assume = call.OptionValue("-o") ?? call.OptionValue("--option");
        if (assume != null && assume.StartsWith("APT::Get::Assume-Yes", System.StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "yes | apt-get install ..." answers every prompt.
        return call.Command.PipeSource?.Name == "yes";
    }
}
