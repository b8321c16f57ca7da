using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>The labels the final image carries: LABELs of the final stage and of the stages it is built FROM.</summary>
internal static class ImageLabels
{
    public static Dictionary<string, (string Value, KeyValueSyntax Pair)> OfFinalImage(RuleContext context)
    {
        var labels = new Dictionary<string, (string, KeyValueSyntax)>(System.StringComparer.Ordinal);
        var chain = new List<StageSyntax>();
        for (var s = context.Model.FinalStage; s != null; s = s.BaseStageIndex >= 0 ? context.Stages[s.BaseStageIndex] : null)
        {
            chain.Insert(0, s);
        }

        foreach (var stage in chain)
        {
            foreach (var instr in stage.Instructions)
            {
                if (instr.Keyword != "LABEL")
                {
                    continue;
                }

                for (var p = 0; p < instr.Pairs.Count; p++)
                {
                    var pair = instr.Pairs[p];
                    var value = instr.Info.Expanded is { } e && p < e.Length ? e[p] : (pair.HasValue ? pair.Value.Value : string.Empty);
                    labels[pair.Key.Value] = (value, pair);
                }
            }
        }

        return labels;
    }
}
