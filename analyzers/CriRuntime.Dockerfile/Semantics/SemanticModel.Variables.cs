using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Semantics;

/// <summary>ARG and ENV: declaring them and expanding instruction words in the scope in force.</summary>
internal sealed partial class SemanticModel
{
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

    private void AnalyzeArg(InstructionSyntax instr, VariableScope scope, VariableScope env)
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
            if (!env.IsDeclared(name))
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
}
