namespace CriRuntime.Dockerfile.Rules;

/// <summary>The full python/node/ruby/debian images carry compilers and docs; the final stage rarely needs them.</summary>
internal sealed class DF2005_PreferSlimVariant : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PreferSlimVariant, "Prefer a slim variant for the final stage", "'{0}' is the full image; the final stage is smaller on '{1}'", RuleCategories.BaseImage, Severity.Info, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var stage = context.Model.FinalStage;
        var reference = stage is null ? null : BaseImages.Reference(stage);
        if (stage is null || reference is null || !reference.IsOfficial || reference.Digest != null)
        {
            return;
        }

        var name = reference.Name;
        if (name != "python" && name != "node" && name != "ruby" && name != "debian" && name != "perl" && name != "openjdk")
        {
            return;
        }

        var tag = reference.Tag ?? "latest";
        var lower = tag.ToLowerInvariant();
        if (lower.Contains("slim") || lower.Contains("alpine") || lower.Contains("windows") || lower.Contains("nanoserver") || lower.Contains("servercore"))
        {
            return;
        }

        string suggestion;
        if (tag == "latest")
        {
            suggestion = name + ":slim";
        }
        else
        {
            suggestion = name + ":" + tag + "-slim";
        }

        context.Report(Rule, stage.BaseToken, stage.BaseImage, suggestion);
    }
}
