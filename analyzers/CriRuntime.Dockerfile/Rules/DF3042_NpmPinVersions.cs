namespace CriRuntime.Dockerfile.Rules;

/// <summary>Unpinned npm packages make the image depend on the day of the build.</summary>
internal sealed class DF3042_NpmPinVersions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.NpmPinVersions, "Pin versions in npm install", "Pin the version of '{0}' ({0}@<version>)", RuleCategories.PackageManager, Severity.Warning, "DL3016");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, stage) in context.Scripts())
        {
            foreach (var call in script.Packages)
            {
                if ((call.Manager != "npm" && call.Manager != "pnpm" && call.Manager != "yarn") || !(call.Subcommand is "install" or "i" or "add"))
                {
                    continue;
                }

                foreach (var index in call.Operands)
                {
                    var word = call.Word(index);
                    var pkg = word.Value;
                    if (IsPinnedOrLocal(pkg))
                    {
                        continue;
                    }

                    context.Report(Rule, script.FileStart(word), script.FileEnd(word), pkg);
                }
            }
        }
    }

    private static bool IsPinnedOrLocal(string pkg)
    {
        if (pkg.Length == 0 || pkg[0] == '.' || pkg[0] == '/' || pkg[0] == '~' || pkg.IndexOf('$') >= 0 || pkg.IndexOf(':') >= 0 || pkg.EndsWith(".tgz", System.StringComparison.Ordinal) || pkg.EndsWith(".tar.gz", System.StringComparison.Ordinal))
        {
            return true;
        }

        // Scoped packages start with '@': the version separator is the second '@'.
        var at = pkg.IndexOf('@', pkg[0] == '@' ? 1 : 0);
        if (at < 0)
        {
            // A slash without scope is a GitHub shorthand (user/repo).
            return pkg[0] != '@' && pkg.IndexOf('/') >= 0;
        }

        var version = pkg.Substring(at + 1);
        return version.Length > 0 && version != "latest" && version != "next";
    }
}
