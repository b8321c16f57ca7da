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
