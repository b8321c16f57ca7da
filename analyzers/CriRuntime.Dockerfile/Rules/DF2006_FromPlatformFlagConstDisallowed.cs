namespace CriRuntime.Dockerfile.Rules;

/// <summary>A constant FROM --platform breaks multi-platform builds; use $BUILDPLATFORM or a build arg.</summary>
internal sealed class DF2006_FromPlatformFlagConstDisallowed : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.FromPlatformFlagConstDisallowed, "FROM --platform should not use a constant value", "FROM --platform={0} is a constant; use a variable such as $BUILDPLATFORM so the build works on every platform", RuleCategories.BaseImage, Severity.Warning, "DL3029", "FromPlatformFlagConstDisallowed");

    public override RuleDescriptor Descriptor => Rule;

    /// <summary>A stage named for its platform (build-arm64) pins it on purpose, as BuildKit allows.</summary>
    private static bool NamedForPlatform(StageSyntax stage, string platform)
    {
        if (stage.Name is null)
        {
            return false;
        }

        foreach (var part in platform.ToLowerInvariant().Split('/'))
        {
            if (part.Length > 0 && part != "linux" && stage.Name.Contains(part))
            {
                return true;
            }
        }

        return false;
    }

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var flag = stage.From.GetFlag("platform");
            if (flag?.Value != null && flag.Value.IndexOf('$') < 0 && !NamedForPlatform(stage, flag.Value))
            {
                context.Report(Rule, flag.Token, flag.Value);
            }
        }
    }
}
