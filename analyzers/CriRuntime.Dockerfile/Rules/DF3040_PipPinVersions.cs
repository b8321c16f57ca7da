namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned pip packages make the image depend on the day of the build; pin or use a requirements/constraints file.</summary>
internal sealed class DF3040_PipPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.PipPinVersions, "Pin versions in pip install", "Pin the version of '{0}' ({0}==<version>) or install from a requirements file", RuleCategories.PackageManager, Severity.Warning, "DL3013");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("pip"))
        {
            if (call.Subcommand != "install" || call.HasOption("-c", "--constraint"))
            {
                continue;
            }

            foreach (var index in call.Operands)
            {
                var word = call.Word(index);
                var pkg = word.Value;
                if (PackageRules.IsNotARepositoryPackage(pkg) || pkg.IndexOfAny(new[] { '=', '<', '>', '~', '!', '@', '/' }) >= 0 || pkg.EndsWith(".txt", System.StringComparison.Ordinal))
                {
                    continue;
                }

                context.Report(Rule, script.FileStart(word), script.FileEnd(word), pkg);
            }
        }
    }
}
