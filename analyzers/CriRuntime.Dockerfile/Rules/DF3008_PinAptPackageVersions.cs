namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned apt packages make the image depend on the day of the build.</summary>
internal sealed class DF3008_PinAptPackageVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PinAptPackageVersions, "Pin versions in apt-get install", "Pin the version of '{0}' ({0}=<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3008");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call, _) in AptCalls.All(context))
        {
            if (call.Subcommand != "install")
            {
                continue;
            }

            foreach (var index in call.Operands)
            {
                var word = call.Word(index);
                var pkg = word.Value;
                if (pkg.IndexOf('=') >= 0 || PackageRules.IsNotARepositoryPackage(pkg))
                {
                    continue;
                }

                context.Report(Rule, script.FileStart(word), script.FileEnd(word), pkg);
            }
        }
    }
}
