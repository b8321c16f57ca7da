using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>The FROM image (after ARG expansion) must be a valid reference: lower-case repository, valid tag and digest.</summary>
internal sealed class DF1022_InvalidImageReference : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidImageReference, "Invalid base image reference", "'{0}' is not a valid image reference", RuleCategories.Correctness, Severity.Error, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var token = stage.BaseToken;
            if (token.IsMissing || stage.BaseStageIndex >= 0 || stage.BaseImage == "scratch" || stage.From.Info.Unresolved != null)
            {
                continue;
            }

            if (token.Text.IndexOf('$') >= 0 && HasArgWithoutDefault(context, token.Text))
            {
                continue;
            }

            if (!ImageReference.Parse(stage.BaseImage).IsValid)
            {
                context.Report(Rule, token, stage.BaseImage);
            }
        }
    }

    private static bool HasArgWithoutDefault(RuleContext context, string text)
    {
        foreach (var name in context.Model.GlobalArgs.Names)
        {
            if (context.Model.GlobalArgs.TryGet(name, out var value) && value is null && text.IndexOf(name, System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
