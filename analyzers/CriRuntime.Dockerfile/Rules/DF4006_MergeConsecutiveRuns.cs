namespace CriRuntime.Dockerfile.Rules;

/// <summary>
/// Each RUN is a layer; consecutive ones with the same options can usually be one. Only stages that end up in
/// the final image are checked: layers of a build-only stage are thrown away.
/// </summary>
internal sealed class DF4006_MergeConsecutiveRuns : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.MergeConsecutiveRuns, "Multiple consecutive RUN instructions", "Consecutive RUN instructions: consider merging them into one layer", RuleCategories.BestPractice, Severity.Info, "DL3059", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var esc = context.Syntax.EscapeChar;
        foreach (var stage in context.Stages)
        {
            if (!stage.IsReachableFromFinal)
            {
                continue;
            }

            for (var i = 1; i < stage.Instructions.Count; i++)
            {
                var first = stage.Instructions[i - 1];
                var second = stage.Instructions[i];
                if (first.Keyword != "RUN" || second.Keyword != "RUN" || FlagText(first) != FlagText(second))
                {
                    continue;
                }

                var mergeable = !first.IsExecForm && !second.IsExecForm && first.Heredocs.Count == 0 && second.Heredocs.Count == 0
                    && first.Info.Script is { } script && script.Source == first.Line && script.EndsCleanly(first.Line.Length)
                    && !HasCommentBetween(context, first, second);
                var fixes = mergeable
                    ? context.Fix("Merge into the previous RUN", first.LineEnd, second.ArgumentText.Start, $" && {esc}\n    ")
                    : new Fix[0];
                context.ReportWithFixes(Rule, second.KeywordToken.Start, second.KeywordToken.End, fixes);
            }
        }
    }

    private static string FlagText(InstructionSyntax instr)
    {
        if (instr.Flags.Count == 0)
        {
            return string.Empty;
        }

        var parts = new string[instr.Flags.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = instr.Flags[i].Token.Value;
        }

        System.Array.Sort(parts, System.StringComparer.Ordinal);
        return string.Join(" ", parts);
    }

    private static bool HasCommentBetween(RuleContext context, InstructionSyntax first, InstructionSyntax second)
    {
        foreach (var comment in context.Syntax.Comments)
        {
            if (comment.Start >= first.End && comment.Start < second.Start)
            {
                return true;
            }
        }

        return false;
    }
}
