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

    /// <summary>Subcommands that download into the package cache: installs, updates and upgrades, cache refreshes.</summary>
    public static bool FillsCache(PackageInvocation call)
        => IsInstall(call) || call.Subcommand is "update" or "upgrade" or "up" or "makecache" or "distro-sync" or "dist-upgrade" or "dup" or "patch" or "refresh" or "ref" or "upgrade-minimal";

    public static void CleanAll(RuleContext context, RuleDescriptor rule, string[] managers, string[] cacheDirs)
    {
        foreach (var (run, script, stage) in context.Scripts())
        {
            if (!PackageRules.Ships(context, stage) || RuleContext.HasCacheMount(run, cacheDirs))
            {
                continue;
            }

            var call = PackageRules.UncleanedFill(
                script,
                c => System.Array.IndexOf(managers, c.Manager) >= 0 && FillsCache(c),
                command => Cleans(command, managers, cacheDirs));
            if (call != null)
            {
                context.Report(rule, PackageRules.CommandStart(script, call.Command), PackageRules.CommandEnd(script, call.Command), call.Manager, call.Subcommand);
            }
        }
    }

    private static bool Cleans(Shell.ShellCommand command, string[] managers, string[] cacheDirs)
    {
        foreach (var m in managers)
        {
            if (PackageRules.IsRun(command, m, "clean") || PackageRules.IsRun(command, m, "cc"))
            {
                return true;
            }
        }

        foreach (var dir in cacheDirs)
        {
            if (PackageRules.IsRemoval(command, dir))
            {
                return true;
            }
        }

        return false;
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
