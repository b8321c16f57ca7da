namespace CriRuntime.Dockerfile.Shell;

/// <summary>Which command names are package managers or downloaders, and which of their options take a value.</summary>
internal static class PackageManagers
{
    /// <summary>Normalises a command name to a manager id, or null.</summary>
    public static string? Identify(string name)
    {
        switch (name)
        {
            case "apt-get":
            case "apt":
            case "aptitude":
            case "apk":
            case "yum":
            case "dnf":
            case "microdnf":
            case "tdnf":
            case "zypper":
            case "npm":
            case "yarn":
            case "pnpm":
            case "gem":
            case "go":
            case "curl":
            case "wget":
            case "pip":
                return name;
        }

        if (name.StartsWith("pip", System.StringComparison.Ordinal) && IsVersionSuffix(name, 3))
        {
            return "pip";
        }

        return null;
    }

    public static bool IsPython(string name) => name.StartsWith("python", System.StringComparison.Ordinal) && IsVersionSuffix(name, 6);

    private static bool IsVersionSuffix(string name, int from)
    {
        for (var i = from; i < name.Length; i++)
        {
            if (!(char.IsDigit(name[i]) || name[i] == '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Managers whose first operand is a subcommand (install, add, ...).</summary>
    public static bool HasSubcommand(string manager) => manager != "curl" && manager != "wget";

    public static bool TakesValue(string manager, string flag)
    {
        switch (manager)
        {
            case "apt-get":
            case "apt":
            case "aptitude":
                return flag == "-o" || flag == "-t" || flag == "-c" || flag == "--option" || flag == "--target-release" || flag == "--default-release" || flag == "--config-file";
            case "apk":
                return flag == "-t" || flag == "--virtual" || flag == "-X" || flag == "--repository" || flag == "-p" || flag == "--root" || flag == "--keys-dir" || flag == "--arch" || flag == "--cache-dir" || flag == "--repositories-file";
            case "yum":
            case "dnf":
            case "microdnf":
            case "tdnf":
                return flag == "-c" || flag == "--config" || flag == "--installroot" || flag == "--releasever" || flag == "--setopt" || flag == "--enablerepo" || flag == "--disablerepo" || flag == "--repo" || flag == "--repoid" || flag == "-x" || flag == "--exclude";
            case "zypper":
                return flag == "-r" || flag == "--repo" || flag == "--from" || flag == "-t" || flag == "--type" || flag == "--root" || flag == "-R";
            case "pip":
                return flag == "-r" || flag == "--requirement" || flag == "-c" || flag == "--constraint" || flag == "-e" || flag == "--editable" || flag == "-i" || flag == "--index-url" || flag == "--extra-index-url"
                    || flag == "--trusted-host" || flag == "-f" || flag == "--find-links" || flag == "-t" || flag == "--target" || flag == "--prefix" || flag == "--root" || flag == "--platform"
                    || flag == "--python-version" || flag == "--src" || flag == "--cache-dir" || flag == "--progress-bar" || flag == "--upgrade-strategy" || flag == "--only-binary" || flag == "--no-binary"
                    || flag == "--implementation" || flag == "--abi" || flag == "--log" || flag == "--proxy" || flag == "--retries" || flag == "--timeout" || flag == "--exists-action" || flag == "--cert"
                    || flag == "--client-cert" || flag == "-C" || flag == "--config-settings" || flag == "--global-option" || flag == "--install-option";
            case "npm":
            case "pnpm":
                return flag == "--prefix" || flag == "--registry" || flag == "--cache" || flag == "--omit" || flag == "--only" || flag == "--loglevel" || flag == "-w" || flag == "--workspace" || flag == "--tag" || flag == "--userconfig";
            case "yarn":
                return flag == "--cwd" || flag == "--registry" || flag == "--cache-folder" || flag == "--modules-folder" || flag == "--network-timeout" || flag == "--mutex";
            case "gem":
                return flag == "-v" || flag == "--version" || flag == "-i" || flag == "--install-dir" || flag == "-n" || flag == "--bindir" || flag == "-s" || flag == "--source" || flag == "-P" || flag == "--trust-policy" || flag == "--platform";
            case "go":
                return flag == "-o" || flag == "-C" || flag == "-ldflags" || flag == "-gcflags" || flag == "-tags" || flag == "-mod" || flag == "-modfile" || flag == "-p" || flag == "-pkgdir";
            case "curl":
                return flag == "-o" || flag == "--output" || flag == "-H" || flag == "--header" || flag == "-d" || flag == "--data" || flag == "--data-binary" || flag == "--data-raw" || flag == "--data-urlencode"
                    || flag == "-u" || flag == "--user" || flag == "-X" || flag == "--request" || flag == "-A" || flag == "--user-agent" || flag == "-e" || flag == "--referer" || flag == "--retry"
                    || flag == "-w" || flag == "--write-out" || flag == "--connect-timeout" || flag == "-m" || flag == "--max-time" || flag == "--cacert" || flag == "-T" || flag == "--upload-file"
                    || flag == "--proto" || flag == "--proto-redir" || flag == "-x" || flag == "--proxy" || flag == "-F" || flag == "--form" || flag == "--retry-delay" || flag == "--retry-max-time"
                    || flag == "-b" || flag == "--cookie" || flag == "-c" || flag == "--cookie-jar" || flag == "-K" || flag == "--config" || flag == "-r" || flag == "--range" || flag == "-z" || flag == "--time-cond"
                    || flag == "--output-dir" || flag == "-E" || flag == "--cert" || flag == "--key" || flag == "--resolve" || flag == "--limit-rate" || flag == "-Y" || flag == "-y";
            case "wget":
                return flag == "-O" || flag == "--output-document" || flag == "-o" || flag == "--output-file" || flag == "-P" || flag == "--directory-prefix" || flag == "--header" || flag == "-U"
                    || flag == "--user-agent" || flag == "--user" || flag == "--password" || flag == "-t" || flag == "--tries" || flag == "-T" || flag == "--timeout" || flag == "-e" || flag == "--execute"
                    || flag == "-a" || flag == "--append-output" || flag == "-i" || flag == "--input-file" || flag == "--progress" || flag == "--ca-certificate" || flag == "-w" || flag == "--wait";
            default:
                return false;
        }
    }
}
