using System.Collections.Generic;
using CriRuntime.Dockerfile.Semantics;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile;

/// <summary>
/// The shell script of one RUN (shell form, or a heredoc body run by a shell), ready for an external checker such as
/// ShellCheck: its text, the shell dialect it runs under, and the map from each of its characters back to the
/// Dockerfile, so a finding at a script line and column lands at its exact place in the file.
/// </summary>
public sealed class ShellScriptSource
{
    private readonly int[] _map;

    private ShellScriptSource(InstructionSyntax run, string text, string dialect, int[] map)
    {
        Run = run;
        Text = text;
        Dialect = dialect;
        _map = map;
    }

    /// <summary>The RUN instruction (an ONBUILD's trigger for <c>ONBUILD RUN</c>).</summary>
    public InstructionSyntax Run { get; }

    /// <summary>The script as the shell gets it: continuation lines joined, interleaved comments removed.</summary>
    public string Text { get; }

    /// <summary>
    /// ShellCheck's name of the shell: <c>bash</c> under a bash SHELL (or a bash shebang), <c>dash</c> on Debian and
    /// Ubuntu images (their /bin/sh), <c>sh</c> otherwise (Alpine's and BusyBox's ash is checked as POSIX sh).
    /// </summary>
    public string Dialect { get; }

    /// <summary>The file offset of a character of <see cref="Text"/> (its length maps to just past the last one).</summary>
    public int FileOffset(int scriptOffset)
    {
        if (scriptOffset <= 0)
        {
            return _map[0];
        }

        return scriptOffset >= _map.Length - 1 ? _map[_map.Length - 2] + 1 : _map[scriptOffset];
    }

    internal static List<ShellScriptSource> Collect(DockerfileSyntax syntax)
    {
        var result = new List<ShellScriptSource>();
        foreach (var stage in syntax.Stages)
        {
            foreach (var instr in stage.Instructions)
            {
                var run = instr.Keyword == "RUN" ? instr : instr.Trigger?.Keyword == "RUN" ? instr.Trigger : null;
                if (run is null || run.IsExecForm || run.Info.Script is null)
                {
                    continue;
                }

                var source = From(syntax, run);
                if (source != null)
                {
                    result.Add(source);
                }
            }
        }

        return result;
    }

    private static ShellScriptSource? From(DockerfileSyntax syntax, InstructionSyntax run)
    {
        var dialect = run.Info.ShellIsBash ? "bash" : ShellOf(run.Info.ShellInstruction) ?? (run.Info.Os == OsFamily.Debian ? "dash" : "sh");
        if (run.Heredocs.Count > 0 && RunsBodyInShell(run))
        {
            // The body as written (leading tabs of <<- kept: they change nothing for the shell), mapped one to one.
            var body = run.Heredocs[0];
            var text = syntax.Text.Substring(body.ContentStart, body.ContentEnd - body.ContentStart);
            if (text.StartsWith("#!", System.StringComparison.Ordinal))
            {
                var firstLine = text.Split('\n')[0];
                dialect = firstLine.Contains("bash") ? "bash" : firstLine.Contains("dash") ? "dash" : "sh";
            }

            return new ShellScriptSource(run, text, dialect, LogicalLine.Contiguous(text, body.ContentStart).Map);
        }

        var line = run.Line.Slice(run.ArgumentsLogicalStart);
        return new ShellScriptSource(run, line.Text, dialect, line.Map);
    }

    /// <summary><c>RUN &lt;&lt;EOF</c> and <c>RUN bash &lt;&lt;EOF</c> run the body as the script; <c>RUN python3 &lt;&lt;EOF</c> does not.</summary>
    private static bool RunsBodyInShell(InstructionSyntax run)
    {
        var command = run.Line.Text.Substring(run.ArgumentsLogicalStart).Replace(run.Heredocs[0].Marker.Text, string.Empty).Trim();
        var exe = command.Substring(command.LastIndexOf('/') + 1);
        return command.Length == 0 || exe is "sh" or "bash" or "ash" or "dash";
    }

    /// <summary>The dialect of the SHELL in force at the RUN (a later SHELL in the stage does not change it).</summary>
    private static string? ShellOf(InstructionSyntax? shellInstruction)
    {
        if (shellInstruction is not { Arguments.Count: > 0 } shell)
        {
            return null;
        }

        var exe = shell.Arguments[0].Value;
        exe = exe.Substring(exe.LastIndexOf('/') + 1);
        return exe is "bash" or "dash" or "ksh" ? exe : exe is "sh" or "ash" ? "sh" : null;
    }
}
