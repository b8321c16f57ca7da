using System.Collections.Generic;

namespace CriRuntime.Dockerfile.Shell;

/// <summary>A package-manager or downloader call: its subcommand, options and operands (packages, URLs), each a word of the command.</summary>
internal sealed class PackageInvocation
{
    private PackageInvocation(ShellCommand command, string manager)
    {
        Command = command;
        Manager = manager;
    }

    public ShellCommand Command { get; }

    /// <summary>apt-get, apt, apk, yum, dnf, microdnf, tdnf, zypper, pip, npm, pnpm, yarn, gem, go, curl, wget.</summary>
    public string Manager { get; }

    /// <summary>Word index of the subcommand in <see cref="ShellCommand.Words"/>, or -1.</summary>
    public int SubcommandIndex { get; private set; } = -1;

    public string Subcommand { get; private set; } = string.Empty;

    /// <summary>Word indexes of options (the option word itself, values excluded).</summary>
    public List<int> Options { get; } = new();

    /// <summary>Word indexes of operands after the subcommand: packages for managers, URLs for downloaders.</summary>
    public List<int> Operands { get; } = new();

    public ShellWord Word(int index) => Command.Words[index];

    public ShellWord SubcommandWord => Command.Words[SubcommandIndex];

    public bool IsInstall
    {
        get
        {
            switch (Subcommand)
            {
                case "install":
                case "add":
                case "i":
                case "in":
                case "localinstall":
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>True if any option equals one of <paramref name="names"/> (a <c>--name=value</c> option matches <c>--name</c>).</summary>
    public bool HasOption(params string[] names)
    {
        foreach (var index in Options)
        {
            var v = Command.Words[index].Value;
            var eq = v.IndexOf('=');
            foreach (var n in names)
            {
                if (v == n || (eq > 0 && eq == n.Length && string.CompareOrdinal(v, 0, n, 0, eq) == 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True if a single-dash option cluster (<c>-qy</c>) contains <paramref name="letter"/>.</summary>
    public bool HasShortOption(char letter)
    {
        foreach (var index in Options)
        {
            var v = Command.Words[index].Value;
            if (v.Length >= 2 && v[0] == '-' && v[1] != '-' && v.IndexOf(letter, 1) > 0)
            {
                var eq = v.IndexOf('=');
                if (eq < 0 || v.IndexOf(letter, 1) < eq)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public string? OptionValue(string name)
    {
        var words = Command.Words;
        for (var k = 0; k < words.Count; k++)
        {
            var v = words[k].Value;
            if (v == name && k + 1 < words.Count)
            {
                return words[k + 1].Value;
            }

            if (v.Length > name.Length && v.StartsWith(name, System.StringComparison.Ordinal) && v[name.Length] == '=')
            {
                return v.Substring(name.Length + 1);
            }
        }

        return null;
    }

    public static List<PackageInvocation> FindAll(ShellScript script)
    {
        var result = new List<PackageInvocation>();
        foreach (var command in script.Commands)
        {
            if (command.NameIndex < 0)
            {
                continue;
            }

            var first = command.NameIndex + 1;
            var manager = PackageManagers.Identify(command.Name);
            if (manager is null && PackageManagers.IsPython(command.Name))
            {
                // python -m pip install ...
                for (var k = first; k + 1 < command.Words.Count; k++)
                {
                    if (command.Words[k].Value == "-m" && command.Words[k + 1].Value == "pip")
                    {
                        manager = "pip";
                        first = k + 2;
                        break;
                    }
                }
            }

            if (manager is null)
            {
                continue;
            }

            var invocation = new PackageInvocation(command, manager);
            invocation.Read(first);
            result.Add(invocation);
        }

        return result;
    }

    private void Read(int first)
    {
        var words = Command.Words;
        var hasSub = PackageManagers.HasSubcommand(Manager);
        for (var k = first; k < words.Count; k++)
        {
            var v = words[k].Value;
            if (v.Length > 1 && v[0] == '-')
            {
                Options.Add(k);
                if (v.IndexOf('=') < 0 && k + 1 < words.Count && TakesValue(v))
                {
                    k++;
                }

                continue;
            }

            if (hasSub && SubcommandIndex < 0)
            {
                SubcommandIndex = k;
                Subcommand = v;
                continue;
            }

            if (Manager == "yarn" && Subcommand == "global" && SubcommandIndex == k - 1)
            {
                SubcommandIndex = k;
                Subcommand = v;
                continue;
            }

            Operands.Add(k);
        }
    }

    private bool TakesValue(string option)
    {
        if (PackageManagers.TakesValue(Manager, option))
        {
            return true;
        }

        // A short cluster like -fsSLo takes a value when its last letter does.
        if (option.Length > 2 && option[1] != '-')
        {
            return PackageManagers.TakesValue(Manager, "-" + option[option.Length - 1]);
        }

        return false;
    }
}
