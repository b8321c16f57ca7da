namespace CriRuntime.Dockerfile.Rules;

/// <summary>World-writable files let any process in the container (or a later layer's user) rewrite them.</summary>
internal sealed class DF5009_WorldWritablePermissions : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.WorldWritablePermissions, "Do not make files world-writable", "'{0}' makes files world-writable", RuleCategories.Security, Severity.Warning, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var (_, script, _) in context.Scripts())
        {
            foreach (var command in script.Commands)
            {
                if (command.Name != "chmod")
                {
                    continue;
                }

                for (var k = 0; k < command.ArgCount; k++)
                {
                    var mode = command.Arg(k).Value;
                    if (IsWorldWritable(mode))
                    {
                        context.Report(Rule, PackageRules.CommandStart(script, command), PackageRules.CommandEnd(script, command), "chmod " + mode);
                        break;
                    }
                }
            }
        }

        foreach (var instr in context.Instructions)
        {
            var chmod = instr.Keyword is "COPY" or "ADD" ? instr.GetFlag("chmod") : null;
            if (chmod?.Value != null && IsWorldWritable(chmod.Value))
            {
                context.Report(Rule, chmod.Token, "--chmod=" + chmod.Value);
            }
        }
    }

    internal static bool IsWorldWritable(string mode)
    {
        if (mode.Length >= 3 && mode.Length <= 4)
        {
            var allDigits = true;
            foreach (var c in mode)
            {
                allDigits &= c >= '0' && c <= '7';
            }

            // 1777 (sticky, like /tmp) is the deliberate shared-directory mode.
            if (allDigits && !(mode.Length == 4 && (mode[0] - '0' & 1) != 0))
            {
                var other = mode[mode.Length - 1] - '0';
                return (other & 2) != 0;
            }
        }

        // Symbolic: o+w, a+w, +w (umask-dependent, usually not o), ugo+rwx.
        foreach (var clause in mode.Split(','))
        {
            var plus = clause.IndexOf('+');
            var eq = clause.IndexOf('=');
            var op = plus >= 0 ? plus : eq;
            if (op <= 0)
            {
                continue;
            }

            var who = clause.Substring(0, op);
            var perms = clause.Substring(op + 1);
            if ((who.IndexOf('o') >= 0 || who.IndexOf('a') >= 0) && perms.IndexOf('w') >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
