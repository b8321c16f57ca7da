using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Shared checks of the package-manager rules.</summary>
internal static class PackageRules
{
    /// <summary>Operands that are not package names from a repository: variables, files, paths, URLs, groups.</summary>
    public static bool IsNotARepositoryPackage(string operand)
    {
        if (operand.Length == 0 || operand.IndexOf('$') >= 0 || operand.IndexOf('`') >= 0 || operand.IndexOf("://", System.StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        var c = operand[0];
        if (c == '.' || c == '/' || c == '~' || c == '@' && operand.IndexOf('/') < 0 || c == '(' || c == '"')
        {
            return true;
        }

        return operand.EndsWith(".deb", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".rpm", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".apk", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".whl", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".tar.gz", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".tgz", System.StringComparison.OrdinalIgnoreCase)
            || operand.EndsWith(".zip", System.StringComparison.OrdinalIgnoreCase)
            || operand.IndexOf('*') >= 0;
    }

    /// <summary>The stage ends up in the image: it is the final stage or one the final stage is built FROM.</summary>
    public static bool Ships(RuleContext context, StageSyntax stage)
    {
        var s = context.Model.FinalStage;
        for (var guard = 0; s != null && guard < 64; guard++)
        {
            if (s == stage)
            {
                return true;
            }

            s = s.BaseStageIndex >= 0 ? context.Stages[s.BaseStageIndex] : null;
        }

        return false;
    }

    /// <summary>True when the script runs <c>name sub</c> (e.g. <c>yum clean</c>).</summary>
    public static bool Runs(ShellScript script, string name, string sub)
    {
        foreach (var command in script.Commands)
        {
            if (command.Name == name && command.ArgCount > 0)
            {
                for (var k = 0; k < command.ArgCount; k++)
                {
                    if (command.Arg(k).Value == sub)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when an rm (or find -delete) in the script removes something under <paramref name="path"/>.</summary>
    public static bool Removes(ShellScript script, string path)
    {
        foreach (var command in script.Commands)
        {
            if (command.Name != "rm" && command.Name != "find")
            {
                continue;
            }

            for (var k = 0; k < command.ArgCount; k++)
            {
                var v = command.Arg(k).Value;
                if (v.StartsWith(path, System.StringComparison.Ordinal) || (v.Length > 1 && path.StartsWith(v.TrimEnd('/', '*'), System.StringComparison.Ordinal) && v.TrimEnd('/', '*').Length > 8))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static int CommandStart(ShellScript script, ShellCommand command) => script.FileStart(command.Words[command.NameIndex]);

    public static int CommandEnd(ShellScript script, ShellCommand command) => script.FileEnd(command.Words[command.Words.Count - 1]);

    /// <summary>Reports at the command and offers to insert <paramref name="option"/> after the subcommand (or the command name).</summary>
    public static void ReportMissingOption(RuleContext context, RuleDescriptor rule, ShellScript script, PackageInvocation call, string option, params object[] args)
    {
        var anchor = call.SubcommandIndex >= 0 ? call.SubcommandWord : call.Command.Words[call.Command.NameIndex];
        var at = script.FileEnd(anchor);
        var fixes = context.Fix($"Add {option}", at, at, " " + option);
        context.ReportWithFixes(rule, CommandStart(script, call.Command), CommandEnd(script, call.Command), fixes, args);
    }
}
