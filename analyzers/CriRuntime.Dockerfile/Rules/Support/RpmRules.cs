using CriRuntime.Dockerfile.Shell;

namespace CriRuntime.Dockerfile.Rules;

/// <summary>Shared logic of the yum, dnf and zypper rules.</summary>
internal static class RpmRules
{
    public static bool IsInstall(PackageInvocation call)
        => call.Subcommand is "install" or "in" or "groupinstall" or "localinstall" or "reinstall" or "module" or "source-install" or "si";

    public static void AssumeYes(RuleContext context, RuleDescriptor rule, string[] managers)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var call in script.Packages)
            {
                if (System.Array.IndexOf(managers, call.Manager) < 0 || !(IsInstall(call) || call.Subcommand is "update" or "upgrade" or "remove" or "erase"))
                {
                    continue;
                }

                if (!call.HasOption("-y", "--assumeyes") && !call.HasShortOption('y'))
                {
                    PackageRules.ReportMissingOption(context, rule, script, call, "-y", call.Manager, call.Subcommand);
                }
            }
        }
    }

    public static void CleanAll(RuleContext context, RuleDescriptor rule, string[] managers, string[] cacheDirs)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, cacheDirs))
            {
                continue;
            }

            foreach (var call in script.Packages)
            {
                if (System.Array.IndexOf(managers, call.Manager) < 0 || !IsInstall(call))
                {
                    continue;
                }

                var cleaned = false;
                foreach (var m in managers)
                {
                    cleaned |= PackageRules.Runs(script, m, "clean") || PackageRules.Runs(script, m, "cc");
                }

                foreach (var dir in cacheDirs)
                {
                    cleaned |= PackageRules.Removes(script, dir);
                }

                if (!cleaned)
                {
                    context.Report(rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), call.Manager);
                }

                break;
            }
        }
    }

    /// <summary>name-version (yum, dnf) or name=version / name&gt;=version (zypper).</summary>
    public static void PinVersions(RuleContext context, RuleDescriptor rule, string[] managers, bool zypperSyntax)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var call in script.Packages)
            {
                if (System.Array.IndexOf(managers, call.Manager) < 0 || !IsInstall(call) || call.Subcommand == "module")
                {
                    continue;
                }

                foreach (var index in call.Operands)
                {
                    var word = call.Word(index);
                    var pkg = word.Value;
                    if (PackageRules.IsNotARepositoryPackage(pkg) || IsPinned(pkg, zypperSyntax))
                    {
                        continue;
                    }

                    context.Report(rule, script.FileStart(word), script.FileEnd(word), pkg);
                }
            }
        }
    }

    private static bool IsPinned(string pkg, bool zypperSyntax)
    {
        if (pkg.IndexOf('=') >= 0 || pkg.IndexOf('<') >= 0 || pkg.IndexOf('>') >= 0)
        {
            return true;
        }

        if (zypperSyntax)
        {
            return false;
        }

        // name-1.2.3: a hyphen followed by a digit.
        for (var i = 1; i + 1 < pkg.Length; i++)
        {
            if (pkg[i] == '-' && char.IsDigit(pkg[i + 1]))
            {
                return true;
            }
        }

        return false;
    }
}
