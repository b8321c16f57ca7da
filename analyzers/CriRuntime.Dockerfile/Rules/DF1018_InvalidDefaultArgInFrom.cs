using System.Collections.Generic;
using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>An ARG without a default used in FROM makes the image name invalid unless --build-arg is always given.</summary>
internal sealed class DF1018_InvalidDefaultArgInFrom : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidDefaultArgInFrom, "Default value for ARG results in an invalid base image", "With the default value of ARG {0}, the base image '{1}' is empty or invalid; give the ARG a default", RuleCategories.Correctness, Severity.Warning, null, "InvalidDefaultArgInFrom");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var refs = new List<VariableReference>();
        foreach (var stage in context.Stages)
        {
            var token = stage.BaseToken;
            if (token.IsMissing || token.Text.IndexOf('$') < 0)
            {
                continue;
            }

            refs.Clear();
            VariableExpander.Expand(token.Text, context.Syntax.EscapeChar, context.Model.FromScope, refs);
            string? withoutDefault = null;
            foreach (var r in refs)
            {
                if (context.Model.GlobalArgs.TryGet(r.Name, out var value) && value is null && !r.HasFallback)
                {
                    withoutDefault = r.Name;
                    break;
                }
            }

            if (withoutDefault is null || stage.BaseStageIndex >= 0)
            {
                continue;
            }

            if (stage.BaseImage.Length == 0 || !ImageReference.Parse(stage.BaseImage).IsValid)
            {
                context.Report(Rule, token, withoutDefault, stage.BaseImage);
            }
        }
    }
}
