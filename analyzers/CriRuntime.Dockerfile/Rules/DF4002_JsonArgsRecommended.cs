using System.Text;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Shell-form CMD/ENTRYPOINT run under /bin/sh -c, which does not forward SIGTERM: the app is killed after
/// the stop timeout instead of shutting down. Silent when the stage sets SHELL explicitly (a deliberate choice).
/// </summary>
internal sealed class DF4002_JsonArgsRecommended : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.JsonArgsRecommended, "Use JSON (exec form) for CMD and ENTRYPOINT", "Use the exec form for {0} so the process gets signals: {0} [\"executable\", \"arg\"]", RuleCategories.BestPractice, Severity.Warning, "DL3025", "JSONArgsRecommended", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                if ((instr.Keyword != "CMD" && instr.Keyword != "ENTRYPOINT") || instr.IsExecForm || instr.Arguments.Count == 0 || stage.ShellInstruction != null)
                {
                    continue;
                }

                var arg = instr.Arguments[0];
                var json = ToJson(arg.Text);
                var fixes = json is null ? new Fix[0] : context.Fix("Use the exec form", arg.Start, arg.End, json);
                context.ReportWithFixes(Rule, arg.Start, arg.End, fixes, instr.Keyword);
            }
        }
    }

    /// <summary>Converts plain words to a JSON array; null when the command relies on the shell.</summary>
    internal static string? ToJson(string command)
    {
        foreach (var c in command)
        {
            if ("$;&|<>()*?[]{}~`\"'\\#!=".IndexOf(c) >= 0)
            {
                return null;
            }
        }

        var words = command.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var sb = new StringBuilder("[");
        for (var i = 0; i < words.Length; i++)
        {
            sb.Append(i == 0 ? "\"" : ", \"").Append(words[i]).Append('"');
        }

        return sb.Append(']').ToString();
    }
}
