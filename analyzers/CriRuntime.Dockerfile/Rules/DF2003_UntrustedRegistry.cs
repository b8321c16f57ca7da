namespace CriRuntime.Dockerfile.Rules;

/// <summary>When trusted registries are configured, FROM may only pull from them (<c>*.example.com</c> wildcards allowed).</summary>
internal sealed class DF2003_UntrustedRegistry : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UntrustedRegistry, "Use only an allowed registry in the FROM image", "Registry '{0}' of image '{1}' is not a trusted registry", RuleCategories.BaseImage, Severity.Error, "DL3026");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var trusted = context.Options.TrustedRegistries;
        if (trusted.Count == 0)
        {
            return;
        }

        foreach (var stage in context.Stages)
        {
            var reference = BaseImages.Reference(stage);
            if (reference is null)
            {
                continue;
            }

            var registry = reference.EffectiveRegistry;
            if (!IsTrusted(registry, trusted))
            {
                context.Report(Rule, stage.BaseToken, registry, stage.BaseImage);
            }
        }
    }

    private static bool IsTrusted(string registry, System.Collections.Generic.IList<string> trusted)
    {
        foreach (var t in trusted)
        {
            var entry = t.Trim();
            if (string.Equals(entry, registry, System.StringComparison.OrdinalIgnoreCase) || entry == "*")
            {
                return true;
            }

            if (registry == "docker.io" && (entry == "hub.docker.com" || entry == "index.docker.io" || entry == "registry-1.docker.io"))
            {
                return true;
            }

            if (entry.StartsWith("*.", System.StringComparison.Ordinal) && registry.EndsWith(entry.Substring(1), System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
