namespace CriRuntime.Dockerfile.Rules;

/// <summary>--platform=$TARGETPLATFORM is the default already.</summary>
internal sealed class DF2007_RedundantTargetPlatform : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.RedundantTargetPlatform, "Redundant --platform=$TARGETPLATFORM", "Setting --platform to $TARGETPLATFORM is redundant: it is the default", RuleCategories.BaseImage, Severity.Warning, "DL3065", "RedundantTargetPlatform", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var flag = stage.From.GetFlag("platform");
            if (flag?.Value != "$TARGETPLATFORM" && flag?.Value != "${TARGETPLATFORM}")
            {
                continue;
            }

            var end = flag!.Token.End;
            var text = context.Syntax.Text;
            while (end < text.Length && (text[end] == ' ' || text[end] == '\t'))
            {
                end++;
            }

            context.ReportWithFixes(Rule, flag.Token.Start, flag.Token.End, context.Fix("Remove --platform", flag.Token.Start, end, string.Empty));
        }
    }
}
