using CriRuntime.Dockerfile.Semantics;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Helpers for rules about the image a stage is built FROM.</summary>
internal static class BaseImages
{
    /// <summary>The stage's base as a registry image, or null for scratch, stage references and unresolvable ARGs.</summary>
    public static ImageReference? Reference(StageSyntax stage)
    {
        if (stage.BaseToken.IsMissing || stage.BaseStageIndex >= 0 || stage.BaseImage.Length == 0 || stage.From.Info.Unresolved != null)
        {
            return null;
        }

        if (string.Equals(stage.BaseImage, "scratch", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var reference = ImageReference.Parse(stage.BaseImage);
        return reference.IsValid ? reference : null;
    }

    /// <summary>An ARG without a default leaves part of the name to --build-arg: tag checks cannot conclude.</summary>
    public static bool DependsOnArgWithoutDefault(RuleContext context, StageSyntax stage)
    {
        var text = stage.BaseToken.Text;
        if (text.IndexOf('$') < 0)
        {
            return false;
        }

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
