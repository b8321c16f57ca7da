using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// A pipe's status is its last command's: 'curl ... | tar x' succeeds when the download fails. Applies on
/// Alpine/BusyBox too (their ash supports <c>set -o pipefail</c>, so the advice there is an ash SHELL); silent when
/// the SHELL in force sets pipefail or the RUN sets it before the pipe.
/// </summary>
internal sealed class DF4012_PipefailMissing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PipefailMissing, "Set the SHELL option -o pipefail before RUN with a pipe in it", "RUN with a pipe: set SHELL {0} (or 'set -o pipefail') so a failure before the pipe fails the build", RuleCategories.BestPractice, Severity.Warning, "DL4006");

    private const string BashShell = "[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]";

    private const string AshShell = "[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]";

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (run, script, _) in context.Scripts())
        {
            var info = run.Info;
            if (info.ShellHasPipefail)
            {
                continue;
            }

            var pipe = FirstPipe(script);
            if (pipe < 0 || SetsPipefail(script, pipe))
            {
                continue;
            }

            var ash = (info.Os == OsFamily.Alpine || info.Os == OsFamily.Busybox) && !info.ShellIsBash;
            context.Report(Rule, run.KeywordToken.Start, run.KeywordToken.End, ash ? AshShell : BashShell);
        }
    }

    private static int FirstPipe(Shell.ShellScript script)
    {
        foreach (var c in script.Commands)
        {
            if (c.Next == Shell.ShellSeparator.Pipe)
            {
                return c.Index;
            }
        }

        return -1;
    }

    private static bool SetsPipefail(Shell.ShellScript script, int before)
    {
        for (var i = 0; i < before; i++)
        {
            var c = script.Commands[i];
            if ((c.Name == "set" || c.Name == "bash" || c.Name == "sh" || c.Name == "zsh") && c.HasArg("pipefail"))
            {
                return true;
            }
        }

        return false;
    }
}
