namespace CriRuntime.Dockerfile.Rules;

/// <summary>:latest changes under you; pin a version (or a digest).</summary>
internal sealed class DF2002_LatestTag : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.LatestTag, "Using latest is prone to errors", "Image '{0}' uses the 'latest' tag: pin a version", RuleCategories.BaseImage, Severity.Warning, "DL3007");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var reference = BaseImages.Reference(stage);
            if (reference != null && reference.Tag == "latest" && reference.Digest is null)
            {
                context.Report(Rule, stage.BaseToken, stage.BaseImage);
            }
        }
    }
}
