using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Installing unsigned packages accepts whatever a mirror or attacker serves.</summary>
internal sealed class DF5005_SignatureVerificationDisabled : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.SignatureVerificationDisabled, "Do not disable package signature verification", "{0} installs packages without verifying their signatures", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                var what = Check(command);
                if (what != null)
                {
                    context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), what);
                }
            }
        }
    }

    private static string? Check(ShellCommand c)
    {
        for (var k = c.NameIndex + 1; k < c.Words.Count && c.NameIndex >= 0; k++)
        {
            var v = c.Words[k].Value;
            switch (c.Name)
            {
                case "apt-get":
                case "apt":
                case "aptitude":
                    if (v == "--allow-unauthenticated" || v == "--force-yes" || v.IndexOf("AllowUnauthenticated=true", System.StringComparison.OrdinalIgnoreCase) >= 0 || v.IndexOf("AllowInsecureRepositories", System.StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return c.Name + " " + v;
                    }

                    break;
                case "apk":
                    if (v == "--allow-untrusted")
                    {
                        return "apk --allow-untrusted";
                    }

                    break;
                case "yum":
                case "dnf":
                case "microdnf":
                case "tdnf":
                case "rpm":
                case "zypper":
                    if (v == "--nogpgcheck" || v == "--nosignature" || v == "--no-gpg-checks" || v == "--nodigest" || v.Replace(" ", string.Empty) == "--setopt=gpgcheck=0")
                    {
                        return c.Name + " " + v;
                    }

                    break;
                case "echo":
                case "printf":
                    // A repository of local files built in the same RUN (file:/copy:) has nothing to verify against.
                    var local = v.IndexOf("file:", System.StringComparison.Ordinal) >= 0 || v.IndexOf("copy:", System.StringComparison.Ordinal) >= 0;
                    if (!local && (v.IndexOf("trusted=yes", System.StringComparison.Ordinal) >= 0 || v.IndexOf("gpgcheck=0", System.StringComparison.Ordinal) >= 0))
                    {
                        return "a repository with " + (v.IndexOf("gpgcheck", System.StringComparison.Ordinal) >= 0 ? "gpgcheck=0" : "[trusted=yes]");
                    }

                    break;
            }
        }

        return null;
    }
}
