namespace CriRuntime.Dockerfile.Rules;

/// <summary>An untagged image means :latest, which moves. The tag may come from a defaulted ARG.</summary>
internal sealed class DF2001_UntaggedImage : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UntaggedImage, "Always tag the version of an image explicitly", "Image '{0}' has no tag or digest: pin a version", RuleCategories.BaseImage, Severity.Warning, "DL3006");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var reference = BaseImages.Reference(stage);
            if (reference != null && reference.Tag is null && reference.Digest is null && !BaseImages.DependsOnArgWithoutDefault(context, stage))
            {
                context.Report(Rule, stage.BaseToken, stage.BaseImage);
            }
        }
    }
}
