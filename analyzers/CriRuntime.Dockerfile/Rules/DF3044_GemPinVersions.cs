namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned gems make the image depend on the day of the build.</summary>
internal sealed class DF3044_GemPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.GemPinVersions, "Pin versions in gem install", "Pin the version of '{0}' ({0}:<version> or -v <version>)", RuleCategories.PackageManager, Severity.Warning, "DL3028");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("gem"))
        {
            if (call.Subcommand != "install" || call.HasOption("-v", "--version"))
            {
                continue;
            }

            foreach (var index in call.Operands)
            {
                var word = call.Word(index);
                var pkg = word.Value;
                if (pkg.IndexOf(':') >= 0 || PackageRules.IsNotARepositoryPackage(pkg) || pkg.EndsWith(".gem", System.StringComparison.Ordinal))
                {
                    continue;
                }

                context.Report(Rule, script.FileStart(word), script.FileEnd(word), pkg);
            }
        }
    }
}
