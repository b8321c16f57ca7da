namespace CriRuntime.Dockerfile.Rules;

/// <summary>A constant FROM --platform breaks multi-platform builds; use $BUILDPLATFORM or a build arg.</summary>
internal sealed class DF2006_FromPlatformFlagConstDisallowed : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.FromPlatformFlagConstDisallowed, "FROM --platform should not use a constant value", "FROM --platform={0} is a constant; use a variable such as $BUILDPLATFORM so the build works on every platform", RuleCategories.BaseImage, Severity.Warning, "DL3029", "FromPlatformFlagConstDisallowed");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var flag = stage.From.GetFlag("platform");
            if (flag?.Value != null && flag.Value.IndexOf('$') < 0)
            {
                context.Report(Rule, flag.Token, flag.Value);
            }
        }
    }
}
