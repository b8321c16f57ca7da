using System.Collections.Generic;
using CriRuntime.Dockerfile.Shell;
using CriRuntime.Dockerfile.Text;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>
/// Stages, variable scopes and shells: one pass over the instructions that expands ARG/ENV the way BuildKit
/// does (global ARGs in FROM, per-stage scopes, ENV inherited from a parent stage) and reads RUN scripts.
/// </summary>
internal sealed class SemanticModel
{
    private readonly List<VariableReference> _refs = new();

    private SemanticModel(DockerfileSyntax syntax)
    {
        Syntax = syntax;
    }

    public DockerfileSyntax Syntax { get; }

    /// <summary>ARGs declared before the first FROM (null value: no default).</summary>
    public VariableScope GlobalArgs { get; } = new();

    /// <summary>Global ARGs plus BuildKit's platform ARGs: what FROM sees.</summary>
    public VariableScope FromScope { get; } = new();

    public IReadOnlyList<StageSyntax> Stages => Syntax.Stages;

    public StageSyntax? FinalStage => Syntax.Stages.Count > 0 ? Syntax.Stages[Syntax.Stages.Count - 1] : null;

    public static SemanticModel Build(DockerfileSyntax syntax)
    {
        var model = new SemanticModel(syntax);
        model.Run();
        return model;
    }

    public StageSyntax? StageOf(InstructionSyntax instruction)
        => instruction.StageIndex >= 0 && instruction.StageIndex < Syntax.Stages.Count ? Syntax.Stages[instruction.StageIndex] : null;

    /// <summary>Finds an earlier stage by name (case-insensitive) or index.</summary>
    public int FindStage(string reference, int before)
    {
        if (reference.Length == 0)
        {
            return -1;
        }

        var lower = reference.ToLowerInvariant();
        for (var i = 0; i < before && i < Syntax.Stages.Count; i++)
        {
            if (Syntax.Stages[i].Name == lower)
            {
                return i;
            }
        }

        if (int.TryParse(reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < before && index < Syntax.Stages.Count)
        {
            return index;
        }

        return -1;
    }

    private void Run()
    {
        BuiltinArgs.AddPlatformArgs(FromScope);
        var stages = new List<StageSyntax>();
        List<InstructionSyntax>? current = null;
        foreach (var instr in Syntax.Instructions)
        {
            if (instr.Keyword == "FROM")
            {
                if (current != null)
                {
                    stages[stages.Count - 1].Instructions = current;
                }

                var stage = new StageSyntax(stages.Count, instr);
                if (instr.Arguments.Count > 0)
                {
                    stage.BaseToken = instr.Arguments[0];
                }

                if (instr.Arguments.Count >= 3)
                {
                    stage.NameToken = instr.Arguments[2];
                    stage.Name = instr.Arguments[2].Value.ToLowerInvariant();
                }

                stages.Add(stage);
                current = new List<InstructionSyntax>();
            }

            instr.StageIndex = stages.Count - 1;
            current?.Add(instr);
            if (current is null && instr.Keyword == "ARG")
            {
                DeclareGlobalArgs(instr);
            }
        }

        if (current != null)
        {
            stages[stages.Count - 1].Instructions = current;
        }

        Syntax.Stages = stages;
        foreach (var stage in stages)
        {
            AnalyzeStage(stage);
        }

        MarkReachable(stages);
    }

    private void DeclareGlobalArgs(InstructionSyntax instr)
    {
        var expanded = new string[instr.Pairs.Count];
        for (var p = 0; p < instr.Pairs.Count; p++)
        {
            var pair = instr.Pairs[p];
            string? value = null;
            if (pair.HasValue)
            {
                value = Expand(instr, pair.Value, FromScope);
            }

            expanded[p] = value ?? string.Empty;
            GlobalArgs.Set(pair.Key.Value, value);
            FromScope.Set(pair.Key.Value, value);
        }

        instr.Info.Expanded = expanded;
    }

    private string Expand(InstructionSyntax instr, SyntaxToken token, VariableScope scope)
    {
        if (token.IsMissing || token.Text.IndexOf('$') < 0)
        {
            return token.Value ?? string.Empty;
        }

        _refs.Clear();
        var value = VariableExpander.Expand(token.Text, Syntax.EscapeChar, scope, _refs);
        foreach (var r in _refs)
        {
            if (scope.IsDeclared(r.Name))
            {
                continue;
            }

            var line = instr.Line;
            var start = token.LogicalStart + r.Start;
            var end = token.LogicalStart + r.End;
            (instr.Info.Unresolved ??= new List<UnresolvedVariable>()).Add(new UnresolvedVariable(r.Name, line.OriginalStart(start), line.OriginalEnd(start, end), r.HasFallback));
        }

        return value;
    }

    private void AnalyzeStage(StageSyntax stage)
    {
        var from = stage.From;
        stage.BaseImage = stage.BaseToken.IsMissing ? string.Empty : Expand(from, stage.BaseToken, FromScope);
        var platform = from.GetFlag("platform");
        if (platform != null)
        {
            Expand(from, platform.Token, FromScope);
        }

        stage.BaseStageIndex = FindStage(stage.BaseImage, stage.Index);
        var scope = new VariableScope();
        if (stage.BaseStageIndex >= 0)
        {
            var parent = Syntax.Stages[stage.BaseStageIndex];
            stage.Dependencies.Add(parent.Index);
            scope = new VariableScope(parent.Env);
            stage.Env = new VariableScope(parent.Env);
            stage.Os = parent.Os;
            stage.Shell = parent.Shell;
            stage.ShellInstruction = parent.ShellInstruction;
        }
        else
        {
            stage.Os = OsFamilies.FromImage(stage.BaseImage);
            stage.Shell = stage.Os == OsFamily.Windows ? ShellKind.Cmd : ShellKind.Posix;
        }

        foreach (var instr in stage.Instructions)
        {
            instr.Info.Os = stage.Os;
            switch (instr.Keyword)
            {
                case "ARG":
                    AnalyzeArg(instr, scope);
                    break;
                case "ENV":
                    AnalyzeEnv(instr, scope, stage.Env);
                    break;
                case "LABEL":
                    var labels = new string[instr.Pairs.Count];
                    for (var p = 0; p < instr.Pairs.Count; p++)
                    {
                        Expand(instr, instr.Pairs[p].Key, scope);
                        labels[p] = instr.Pairs[p].HasValue ? Expand(instr, instr.Pairs[p].Value, scope) : string.Empty;
                    }

                    instr.Info.Expanded = labels;
                    break;
                case "COPY":
                case "ADD":
                    ExpandArguments(instr, scope);
                    foreach (var flag in instr.Flags)
                    {
                        var value = Expand(instr, flag.Token, scope);
                        if (flag.Name == "from")
                        {
                            var eq = value.IndexOf('=');
                            instr.Info.FromValue = eq >= 0 ? value.Substring(eq + 1) : string.Empty;
                            instr.Info.FromStageIndex = FindStage(instr.Info.FromValue, stage.Index);
                            if (instr.Info.FromStageIndex >= 0)
                            {
                                stage.Dependencies.Add(instr.Info.FromStageIndex);
                            }
                        }
                    }

                    break;
                case "WORKDIR":
                case "USER":
                case "EXPOSE":
                case "VOLUME":
                case "STOPSIGNAL":
                    ExpandArguments(instr, scope);
                    break;
                case "SHELL":
                    AnalyzeShell(instr, stage);
                    break;
                case "RUN":
                    AnalyzeRun(instr, stage);
                    break;
            }

            instr.Info.Shell = stage.Shell;
            SetShellOptions(instr, stage.ShellInstruction);
        }
    }

    private void ExpandArguments(InstructionSyntax instr, VariableScope scope)
    {
        var args = instr.Arguments;
        var expanded = new string[args.Count];
        for (var a = 0; a < args.Count; a++)
        {
            expanded[a] = instr.IsExecForm ? args[a].Value : Expand(instr, args[a], scope);
        }

        instr.Info.Expanded = expanded;
    }

    private void AnalyzeArg(InstructionSyntax instr, VariableScope scope)
    {
        var expanded = new string[instr.Pairs.Count];
        for (var p = 0; p < instr.Pairs.Count; p++)
        {
            var pair = instr.Pairs[p];
            var name = pair.Key.Value;
            string? value;
            if (pair.HasValue)
            {
                value = Expand(instr, pair.Value, scope);
            }
            else if (GlobalArgs.TryGet(name, out var global))
            {
                value = global;
            }
            else
            {
                value = BuiltinArgs.PlatformDefault(name);
            }

            // An ENV of the same name wins over the ARG.
            if (!(scope.IsDeclared(name) && !pair.HasValue))
            {
                scope.Set(name, value);
            }

            expanded[p] = value ?? string.Empty;
        }

        instr.Info.Expanded = expanded;
    }

    private void AnalyzeEnv(InstructionSyntax instr, VariableScope scope, VariableScope env)
    {
        // Every value of one ENV sees the environment from before it (hence DL3044).
        var expanded = new string[instr.Pairs.Count];
        for (var p = 0; p < instr.Pairs.Count; p++)
        {
            expanded[p] = instr.Pairs[p].HasValue ? Expand(instr, instr.Pairs[p].Value, scope) : string.Empty;
        }

        for (var p = 0; p < instr.Pairs.Count; p++)
        {
            scope.Set(instr.Pairs[p].Key.Value, expanded[p]);
            env.Set(instr.Pairs[p].Key.Value, expanded[p]);
        }

        instr.Info.Expanded = expanded;
    }

    private static void AnalyzeShell(InstructionSyntax instr, StageSyntax stage)
    {
        if (instr.Arguments.Count == 0)
        {
            return;
        }

        var exe = instr.Arguments[0].Value.ToLowerInvariant();
        var slash = exe.LastIndexOfAny(new[] { '/', '\\' });
        if (slash >= 0)
        {
            exe = exe.Substring(slash + 1);
        }

        if (exe.EndsWith(".exe", System.StringComparison.Ordinal))
        {
            exe = exe.Substring(0, exe.Length - 4);
        }

        stage.Shell = exe switch
        {
            "powershell" or "pwsh" => ShellKind.PowerShell,
            "cmd" => ShellKind.Cmd,
            "sh" or "bash" or "ash" or "dash" or "zsh" or "ksh" or "mksh" => ShellKind.Posix,
            _ => ShellKind.Other,
        };
        stage.ShellInstruction = instr;
    }

    private static void SetShellOptions(InstructionSyntax instr, InstructionSyntax? shell)
    {
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

            return null;
        }

        if (instr.Heredocs.Count > 0)
        {
            var command = line.Text.Substring(instr.ArgumentsLogicalStart).Replace(instr.Heredocs[0].Marker.Text, string.Empty).Trim();
            if (command.Length == 0 || IsShell(command))
            {
                var body = instr.Heredocs[0];
                var text = Syntax.Text.Substring(body.ContentStart, body.ContentEnd - body.ContentStart);
                return ShellParser.Parse(LogicalLine.Contiguous(text, body.ContentStart), 0, text.Length);
            }
        }

        return ShellParser.Parse(line, instr.ArgumentsLogicalStart, line.Length);
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

    private static void MarkReachable(List<StageSyntax> stages)
    {
        if (stages.Count == 0)
        {
            return;
        }

        var final = stages[stages.Count - 1];
        final.IsFinal = true;
        var stack = new Stack<StageSyntax>();
        stack.Push(final);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (s.IsReachableFromFinal)
            {
                continue;
            }

            s.IsReachableFromFinal = true;
            foreach (var d in s.Dependencies)
            {
                stack.Push(stages[d]);
            }
        }
    }
}
