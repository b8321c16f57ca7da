using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>
/// Stages, variable scopes and shells: one pass over the instructions that expands ARG/ENV the way BuildKit
/// does (global ARGs in FROM, per-stage scopes, ENV inherited from a parent stage) and reads RUN scripts.
/// </summary>
internal sealed partial class SemanticModel
{
    private readonly List<VariableReference> _refs = new();
    private ShellKind? _pragmaShell;

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
        _pragmaShell = PragmaShell(Syntax);
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
            stage.Shell = _pragmaShell ?? (stage.Os == OsFamily.Windows ? ShellKind.Cmd : ShellKind.Posix);
        }

        foreach (var instr in stage.Instructions)
        {
            instr.Info.Os = stage.Os;
            switch (instr.Keyword)
            {
                case "ARG":
                    AnalyzeArg(instr, scope, stage.Env);
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
                case "ONBUILD":
                    // Triggers run in child images; their scripts are still linted like any RUN.
                    if (instr.Trigger?.Keyword == "RUN" && (stage.Shell == ShellKind.Posix || instr.Trigger.IsExecForm))
                    {
                        instr.Trigger.Info.Os = stage.Os;
                        instr.Trigger.Info.Shell = stage.Shell;
                        instr.Trigger.Info.Script = ReadScript(instr.Trigger);
                        SetShellOptions(instr.Trigger, stage.ShellInstruction);
                    }

                    break;
            }

            instr.Info.Shell = stage.Shell;
            SetShellOptions(instr, stage.ShellInstruction);
        }
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
