using System.Collections.Generic;
using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// A variable expanded by a build instruction that no ARG/ENV in scope defines. The base image's own ENV is
/// unknown here, so only the cases that are surely mistakes are reported: a global ARG not redeclared in the
/// stage, a variable declared later in the stage, a near-miss of a declared name, or a stage built FROM scratch.
/// </summary>
internal sealed class DF1016_UndefinedVar : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UndefinedVar, "Usage of undefined variable", "Usage of undefined variable '${0}'{1}", RuleCategories.Correctness, Severity.Warning, null, "UndefinedVar");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var fromScratch = IsFromScratch(context, stage);
            for (var i = 0; i < stage.Instructions.Count; i++)
            {
                var instr = stage.Instructions[i];
                if (instr.Keyword == "FROM" || instr.Info.Unresolved is null)
                {
                    continue;
                }

                foreach (var r in instr.Info.Unresolved)
                {
                    if (r.HasFallback || BuiltinArgs.IsPredefined(r.Name) || IsSameEnv(instr, r))
                    {
                        continue;
                    }

                    var hint = Hint(context, stage, i, r.Name, fromScratch);
                    if (hint != null)
                    {
                        context.Report(Rule, r.Start, r.End, r.Name, hint);
                    }
                }
            }
        }
    }

    private static bool IsSameEnv(InstructionSyntax instr, UnresolvedVariable r)
    {
        // Reported by DF1015 instead.
        if (instr.Keyword != "ENV")
        {
            return false;
        }

        foreach (var pair in instr.Pairs)
        {
            if (pair.Key.Value == r.Name && pair.Whole.End <= r.Start)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Hint(RuleContext context, StageSyntax stage, int index, string name, bool fromScratch)
    {
        if (context.Model.GlobalArgs.IsDeclared(name))
        {
            return $": the global ARG {name} must be redeclared in this stage with 'ARG {name}'";
        }

        for (var j = index + 1; j < stage.Instructions.Count; j++)
        {
            if (Declares(stage.Instructions[j], name))
            {
                return " (it is declared later in the stage)";
            }
        }

        var similar = Similar(context, stage, name);
        if (similar != null)
        {
            return $" (did you mean '${similar}'?)";
        }

        return fromScratch ? string.Empty : null;
    }

    private static bool Declares(InstructionSyntax instr, string name)
    {
        if (instr.Keyword != "ARG" && instr.Keyword != "ENV")
        {
            return false;
        }

        foreach (var pair in instr.Pairs)
        {
            if (pair.Key.Value == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Similar(RuleContext context, StageSyntax stage, string name)
    {
        var names = new List<string>();
        foreach (var instr in stage.Instructions)
        {
            if (instr.Keyword == "ARG" || instr.Keyword == "ENV")
            {
                foreach (var pair in instr.Pairs)
                {
                    names.Add(pair.Key.Value);
                }
            }
        }

        foreach (var n in names)
        {
            if (n != name && n.Length >= 3 && (string.Equals(n, name, System.StringComparison.OrdinalIgnoreCase) || EditDistanceIsOne(n, name)))
            {
                return n;
            }
        }

        return null;
    }

    private static bool EditDistanceIsOne(string a, string b)
    {
        if (System.Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        if (a.Length == b.Length && IsTransposition(a, b))
        {
            return true;
        }

        var i = 0;
        var j = 0;
        var edits = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                i++;
                j++;
                continue;
            }

            if (++edits > 1)
            {
                return false;
            }

            if (a.Length > b.Length)
            {
                i++;
            }
            else if (a.Length < b.Length)
            {
                j++;
            }
            else
            {
                i++;
                j++;
            }
        }

        return edits + (a.Length - i) + (b.Length - j) == 1;
    }

    /// <summary>Two adjacent characters swapped (APP_DRI for APP_DIR).</summary>
    private static bool IsTransposition(string a, string b)
    {
        var first = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                first = i;
                break;
            }
        }

        if (first < 0 || first + 1 >= a.Length || a[first] != b[first + 1] || a[first + 1] != b[first])
        {
            return false;
        }

        return string.CompareOrdinal(a, first + 2, b, first + 2, a.Length - first - 2) == 0;
    }

    private static bool IsFromScratch(RuleContext context, StageSyntax stage)
    {
        var s = stage;
        for (var guard = 0; guard < 64; guard++)
        {
            if (s.BaseStageIndex < 0)
            {
                return s.BaseImage == "scratch";
            }

            s = context.Stages[s.BaseStageIndex];
        }

        return false;
    }
}
