using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Stage names are matched case-insensitively; writing them in lower case avoids confusion with image names.</summary>
internal sealed class DF4007_StageNameCasing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.StageNameCasing, "Stage names should be lowercase", "Stage name '{0}' should be lowercase", RuleCategories.BestPractice, Severity.Warning, null, "StageNameCasing", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var token = stage.NameToken;
            if (token.IsMissing || token.Text == token.Text.ToLowerInvariant())
            {
                continue;
            }

            var lower = token.Text.ToLowerInvariant();
            var edits = new List<TextEdit> { context.Edit(token.Start, token.End, lower) };
            foreach (var other in context.Stages)
            {
                if (other.BaseStageIndex == stage.Index && other.BaseToken.Text == token.Text)
                {
                    edits.Add(context.Edit(other.BaseToken.Start, other.BaseToken.End, lower));
                }

                foreach (var instr in other.Instructions)
                {
                    var from = instr.GetFlag("from");
                    if (from != null && from.Value == token.Text && instr.Info.FromStageIndex == stage.Index)
                    {
                        edits.Add(context.Edit(from.ValueStart, from.Token.End, lower));
                    }
                }
            }

            context.ReportWithFixes(Rule, token.Start, token.End, new[] { new Fix("Use lowercase", edits) }, token.Text);
        }
    }
}
