using System.Collections.Generic;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Shell;

/// <summary>The commands of one RUN, with the source they were read from so words map back to the file.</summary>
internal sealed class ShellScript
{
    private List<PackageInvocation>? _packages;

    public ShellScript(LogicalLine source, List<ShellCommand> commands)
    {
        Source = source;
        Commands = commands;
    }

    public LogicalLine Source { get; }

    public List<ShellCommand> Commands { get; }

    public List<PackageInvocation> Packages => _packages ??= PackageInvocation.FindAll(this);

    public int FileStart(ShellWord word) => Source.OriginalStart(word.Start);

    public int FileEnd(ShellWord word) => Source.OriginalEnd(word.Start, word.End);

    /// <summary>
    /// True when nothing but whitespace follows the last command up to <paramref name="logicalEnd"/>: no trailing
    /// ';', '&amp;' or '# comment', so text appended there extends the script safely.
    /// </summary>
    public bool EndsCleanly(int logicalEnd)
    {
        if (Commands.Count == 0)
        {
            return false;
        }

        var last = Commands[Commands.Count - 1];
        if (last.Depth != 0 || (last.Next != ShellSeparator.None && last.Next != ShellSeparator.Semicolon))
        {
            return false;
        }

        for (var i = last.End; i < logicalEnd && i < Source.Text.Length; i++)
        {
            if (!char.IsWhiteSpace(Source.Text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public bool HasCommand(string name)
    {
        foreach (var c in Commands)
        {
            if (c.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    public bool HasPipe()
    {
        foreach (var c in Commands)
        {
            if (c.Next == ShellSeparator.Pipe)
            {
                return true;
            }
        }

        return false;
    }
}
