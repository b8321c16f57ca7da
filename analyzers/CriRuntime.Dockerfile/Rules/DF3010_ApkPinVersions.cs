namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned apk packages make the image depend on the day of the build.</summary>
internal sealed class DF3010_ApkPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ApkPinVersions, "Pin versions in apk add", "Pin the version of '{0}' ({0}=<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3018");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("apk"))
        {
            if (call.Subcommand != "add")
            {
                continue;
            }

            foreach (var index in call.Operands)
            {
                var word = call.Word(index);
                var pkg = word.Value;
                if (pkg.IndexOf('=') >= 0 || pkg.IndexOf('<') >= 0 || pkg.IndexOf('>') >= 0 || PackageRules.IsNotARepositoryPackage(pkg))
                {
                    continue;
                }

                context.Report(Rule, script.FileStart(word), script.FileEnd(word), pkg);
            }
        }
    }
}
