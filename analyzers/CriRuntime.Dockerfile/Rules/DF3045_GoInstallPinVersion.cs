namespace CriRuntime.Dockerfile.Rules;

/// <summary>go install without @version (or with @latest) builds whatever is newest that day.</summary>
internal sealed class DF3045_GoInstallPinVersion : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.GoInstallPinVersion, "Pin versions in go install", "Pin the version of '{0}' ({0}@<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3062");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, call) in context.Calls("go"))
        {
            if (call.Subcommand != "install")
            {
                continue;
            }

            foreach (var index in call.Operands)
            {
                var word = call.Word(index);
                var pkg = word.Value;
                if (pkg.Length == 0 || pkg[0] == '.' || pkg[0] == '/' || pkg.IndexOf('$') >= 0 || pkg.IndexOf('.') < 0)
                {
                    continue;
                }

                var at = pkg.LastIndexOf('@');
                if (at < 0 || pkg.Substring(at + 1) == "latest")
                {
                    context.Report(Rule, script.FileStart(word), script.FileEnd(word), at < 0 ? pkg : pkg.Substring(0, at));
                }
            }
        }
    }
}
