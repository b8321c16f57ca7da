using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Shell;

/// <summary>A simple command of a RUN script, with assignments and wrappers (sudo, env, if, ...) skipped by <see cref="NameIndex"/>.</summary>
internal sealed class ShellCommand
{
    public ShellCommand(List<ShellWord> words, int depth, bool pipedFrom)
    {
        Words = words;
        Depth = depth;
        PipedFrom = pipedFrom;
    }

    public List<ShellWord> Words { get; }

    public int Depth { get; }

    /// <summary>This command reads the previous command's output through a pipe.</summary>
    public bool PipedFrom { get; }

    public ShellSeparator Next { get; set; }

    /// <summary>The command whose output this one reads through a pipe.</summary>
    public ShellCommand? PipeSource { get; set; }

    /// <summary>The command that reads this one's output through a pipe.</summary>
    public ShellCommand? PipeTarget { get; set; }

    /// <summary>Logical offset just past the command's last word or redirection.</summary>
    public int End { get; set; }

    public int NameIndex { get; set; } = -1;

    /// <summary>Index in the script's command list.</summary>
    public int Index { get; set; }

    /// <summary>Basename of the command word, or empty.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Words after the command name.</summary>
    public int ArgCount => NameIndex < 0 ? 0 : Words.Count - NameIndex - 1;

    public ShellWord Arg(int k) => Words[NameIndex + 1 + k];

    public bool HasArg(string value)
    {
        for (var k = NameIndex + 1; k < Words.Count; k++)
        {
            if (Words[k].Value == value)
            {
                return true;
            }
        }

        return false;
    }

    public bool HasArgEndingWith(string suffix)
    {
        for (var k = NameIndex + 1; k < Words.Count; k++)
        {
            if (Words[k].Value.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasArgStartingWith(string prefix)
    {
        for (var k = NameIndex + 1; k < Words.Count; k++)
        {
            if (Words[k].Value.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
