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
            if (IsRun(command, name, sub))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the command is <c>name ... sub ...</c>.</summary>
    public static bool IsRun(ShellCommand command, string name, string sub)
    {
        if (command.Name != name)
        {
            return false;
        }

        for (var k = 0; k < command.ArgCount; k++)
        {
            if (command.Arg(k).Value == sub)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an rm (or find -delete) in the script removes something under <paramref name="path"/>.</summary>
    public static bool Removes(ShellScript script, string path)
    {
        foreach (var command in script.Commands)
        {
            if (IsRemoval(command, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the command is an rm (or find -delete) of something under <paramref name="path"/>.</summary>
    public static bool IsRemoval(ShellCommand command, string path)
    {
        if (command.Name != "rm" && command.Name != "find")
        {
            return false;
        }

        for (var k = 0; k < command.ArgCount; k++)
        {
            var v = command.Arg(k).Value;
            if (v.StartsWith(path, System.StringComparison.Ordinal) || (v.Length > 1 && path.StartsWith(v.TrimEnd('/', '*'), System.StringComparison.Ordinal) && v.TrimEnd('/', '*').Length > 8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The last call that fills a package cache with no cleanup after it, or null when each is cleaned up. Order
    /// counts: <c>yum clean all &amp;&amp; yum install -y git</c> cleans before installing and leaves the cache.
    /// </summary>
    public static PackageInvocation? UncleanedFill(ShellScript script, System.Func<PackageInvocation, bool> fills, System.Func<ShellCommand, bool> cleans)
    {
        PackageInvocation? last = null;
        foreach (var call in script.Packages)
        {
            if (fills(call) && (last is null || call.Command.Index >= last.Command.Index))
            {
                last = call;
            }
        }

        if (last is null)
        {
            return null;
        }

        foreach (var command in script.Commands)
        {
            if (command.Index > last.Command.Index && cleans(command))
            {
                return null;
            }
        }

        return last;
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
