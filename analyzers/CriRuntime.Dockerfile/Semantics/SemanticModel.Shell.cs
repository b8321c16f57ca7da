using CriRuntime.Dockerfile.Shell;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>SHELL in force and RUN scripts: which shell reads a RUN, and its commands.</summary>
internal sealed partial class SemanticModel
{
    /// <summary><c># hadolint shell=powershell</c> declares the default shell of a file whose base images do not tell.</summary>
    private static ShellKind? PragmaShell(DockerfileSyntax syntax)
    {
        foreach (var comment in syntax.Comments)
        {
            var text = comment.Text;
            if (!text.StartsWith("hadolint", System.StringComparison.Ordinal) && !text.StartsWith("dockerfile-lint", System.StringComparison.Ordinal))
            {
                continue;
            }

            var at = text.IndexOf("shell=", System.StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            return ShellOf(text.Substring(at + 6).Trim());
        }

        return null;
    }

    private static ShellKind ShellOf(string executable)
    {
        var exe = executable.ToLowerInvariant();
        var slash = exe.LastIndexOfAny(new[] { '/', '\\' });
        if (slash >= 0)
        {
            exe = exe.Substring(slash + 1);
        }

        if (exe.EndsWith(".exe", System.StringComparison.Ordinal))
        {
            exe = exe.Substring(0, exe.Length - 4);
        }

        return exe switch
        {
            "powershell" or "pwsh" => ShellKind.PowerShell,
            "cmd" => ShellKind.Cmd,
            "sh" or "bash" or "ash" or "dash" or "zsh" or "ksh" or "mksh" => ShellKind.Posix,
            _ => ShellKind.Other,
        };
    }

    private static void AnalyzeShell(InstructionSyntax instr, StageSyntax stage)
    {
        if (instr.Arguments.Count == 0)
        {
            return;
        }

        stage.Shell = ShellOf(instr.Arguments[0].Value);
        stage.ShellInstruction = instr;
    }

    private static void SetShellOptions(InstructionSyntax instr, InstructionSyntax? shell)
    {
        instr.Info.ShellInstruction = shell;
        if (shell is null || shell.Arguments.Count == 0)
        {
            return;
        }

        var exe = shell.Arguments[0].Value;
        instr.Info.ShellIsBash = exe.EndsWith("bash", System.StringComparison.Ordinal) || exe.EndsWith("zsh", System.StringComparison.Ordinal);
        for (var a = 1; a < shell.Arguments.Count; a++)
        {
            if (shell.Arguments[a].Value.IndexOf("pipefail", System.StringComparison.Ordinal) >= 0)
            {
                instr.Info.ShellHasPipefail = true;
            }
        }
    }

    private void AnalyzeRun(InstructionSyntax instr, StageSyntax stage)
    {
        foreach (var flag in instr.Flags)
        {
            if (flag.Name != "mount" || flag.Value is null)
            {
                continue;
            }

            var from = MountOption(flag.Value, "from");
            if (from != null)
            {
                var index = FindStage(from, stage.Index);
                if (index >= 0)
                {
                    stage.Dependencies.Add(index);
                }
            }
        }

        if (stage.Shell != ShellKind.Posix && !instr.IsExecForm)
        {
            return;
        }

        instr.Info.Script = ReadScript(instr);
    }

    private ShellScript? ReadScript(InstructionSyntax instr)
    {
        var line = instr.Line;
        if (instr.IsExecForm)
        {
            var args = instr.Arguments;
            if (args.Count >= 3 && IsShell(args[0].Value) && args[1].Value == "-c" && args[2].Text.Length == args[2].Value.Length + 2)
            {
                return ShellParser.Parse(line, args[2].LogicalStart + 1, args[2].LogicalEnd - 1);
            }

            return args.Count > 0 ? ShellParser.FromExecForm(line, args) : null;
        }

        if (instr.Heredocs.Count > 0)
        {
            var command = line.Text.Substring(instr.ArgumentsLogicalStart).Replace(instr.Heredocs[0].Marker.Text, string.Empty).Trim();
            if (command.Length == 0 || IsShell(command))
            {
                var body = instr.Heredocs[0];
                var text = Syntax.Text.Substring(body.ContentStart, body.ContentEnd - body.ContentStart);
                if (command.Length == 0 && !HasShellShebang(text))
                {
                    // "#!/usr/bin/env python3": BuildKit runs the body with that interpreter.
                    return null;
                }

                return ShellParser.Parse(LogicalLine.Contiguous(text, body.ContentStart), 0, text.Length);
            }
        }

        return ShellParser.Parse(line, instr.ArgumentsLogicalStart, line.Length);
    }

    private static bool HasShellShebang(string script)
    {
        if (!script.StartsWith("#!", System.StringComparison.Ordinal))
        {
            return true;
        }

        var end = script.IndexOf('\n');
        var line = (end < 0 ? script : script.Substring(0, end)).Substring(2).Trim();
        var parts = line.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return true;
        }

        var interpreter = parts[0].EndsWith("/env", System.StringComparison.Ordinal) && parts.Length > 1 ? parts[1] : parts[0];
        return IsShell(interpreter) || interpreter.EndsWith("zsh", System.StringComparison.Ordinal);
    }

    private static bool IsShell(string command)
    {
        var exe = command;
        var slash = exe.LastIndexOf('/');
        if (slash >= 0)
        {
            exe = exe.Substring(slash + 1);
        }

        return exe == "sh" || exe == "bash" || exe == "ash" || exe == "dash";
    }

    /// <summary>Reads one option of a <c>--mount</c> value (<c>type=cache,target=/x,from=stage</c>).</summary>
    public static string? MountOption(string mount, string key)
    {
        foreach (var part in mount.Split(','))
        {
            var eq = part.IndexOf('=');
            var k = (eq < 0 ? part : part.Substring(0, eq)).Trim();
            if (string.Equals(k, key, System.StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? string.Empty : part.Substring(eq + 1).Trim().Trim('"');
            }
        }

        return null;
    }
}
