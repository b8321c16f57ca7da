using System.Collections.Generic;
using System.Text;
using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Shell-form CMD/ENTRYPOINT run under /bin/sh -c, which does not forward SIGTERM: the app is killed after
/// the stop timeout instead of shutting down. Silent when the stage sets SHELL explicitly (a deliberate choice).
/// A shell-form HEALTHCHECK CMD is reported too, as hadolint's DL3025 does: it needs a shell in the image.
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
                var healthcheck = instr.Keyword == "HEALTHCHECK";
                if ((instr.Keyword != "CMD" && instr.Keyword != "ENTRYPOINT" && !healthcheck) || instr.IsExecForm || instr.Arguments.Count == 0
                    || (instr.Info.ShellInstruction != null && !healthcheck)
                    || (healthcheck && string.Equals(instr.Arguments[0].Text, "NONE", System.StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var arg = instr.Arguments[0];
                var json = ToJson(arg.Text);
                var fixes = json is null ? new Fix[0] : context.Fix("Use the exec form", arg.Start, arg.End, json);
                context.ReportWithFixes(Rule, arg.Start, arg.End, fixes, healthcheck ? "HEALTHCHECK CMD" : instr.Keyword);
            }
        }
    }

    /// <summary>
    /// Converts a command of plain or quoted words to a JSON array; null when it relies on the shell
    /// (variables, operators, redirections, globs, substitutions, escapes).
    /// </summary>
    internal static string? ToJson(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        foreach (var c in command)
        {
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (quote == '"')
            {
                if (c == '"')
                {
                    quote = '\0';
                }
                else if (c == '$' || c == '`' || c == '\\')
                {
                    return null;
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c == ' ' || c == '\t')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Length = 0;
                    inWord = false;
                }

                continue;
            }

            if ("$;&|<>()*?[]{}~`\\#!".IndexOf(c) >= 0 || (c == '=' && !inWord))
            {
                return null;
            }

            inWord = true;
            if (c == '"' || c == '\'')
            {
                quote = c;
                continue;
            }

            current.Append(c);
        }

        if (quote != '\0')
        {
            return null;
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        if (words.Count == 0 || ShellParser.IsAssignment(words[0]))
        {
            return null;
        }

        var sb = new StringBuilder("[");
        for (var i = 0; i < words.Count; i++)
        {
            sb.Append(i == 0 ? "\"" : ", \"").Append(words[i].Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
        }

        return sb.Append(']').ToString();
    }
}
