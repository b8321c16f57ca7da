using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Whole-system upgrades make builds unreproducible; take a newer base image instead.</summary>
internal sealed class DF3004_AvoidUpgradeInImage : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.AvoidUpgradeInImage, "Do not upgrade all packages in a build", "'{0} {1}' upgrades every package: the result depends on the day of the build; use a newer base image", RuleCategories.PackageManager, Severity.None, "DL3005");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var call in script.Packages)
            {
                if (IsFullUpgrade(call))
                {
                    context.Report(Rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), call.Manager, call.Subcommand);
                }
            }
        }
    }

    private static bool IsFullUpgrade(PackageInvocation call)
    {
        switch (call.Manager)
        {
            case "apt-get":
            case "apt":
            case "aptitude":
                return call.Subcommand is "upgrade" or "dist-upgrade" or "full-upgrade" or "safe-upgrade";
            case "apk":
                return call.Subcommand == "upgrade" && call.Operands.Count == 0;
            case "yum":
            case "dnf":
            case "microdnf":
            case "tdnf":
                return (call.Subcommand is "update" or "upgrade" or "distro-sync") && call.Operands.Count == 0;
            case "zypper":
                return (call.Subcommand is "update" or "up") && call.Operands.Count == 0;
            default:
                return false;
        }
    }
}
