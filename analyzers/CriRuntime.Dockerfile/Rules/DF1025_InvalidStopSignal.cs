namespace CriRuntime.Dockerfile.Rules;

/// <summary>STOPSIGNAL takes a signal name (SIGTERM or TERM) or number; anything else fails when the container stops.</summary>
internal sealed class DF1025_InvalidStopSignal : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidStopSignal, "Invalid STOPSIGNAL", "'{0}' is not a signal name or number", RuleCategories.Correctness, Severity.Error, null);

    private static readonly string[] Signals =
    {
        "ABRT", "ALRM", "BUS", "CHLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT",
        "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ",
    };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "STOPSIGNAL" || instr.Arguments.Count == 0 || instr.Info.Expanded is not { Length: > 0 } expanded || instr.Arguments[0].Text.IndexOf('$') >= 0)
            {
                continue;
            }

            if (!IsSignal(expanded[0]))
            {
                context.Report(Rule, instr.Arguments[0], expanded[0]);
            }
        }
    }

    private static bool IsSignal(string value)
    {
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number > 0 && number < 65;
        }

        var name = value.ToUpperInvariant();
        if (name.StartsWith("SIG", System.StringComparison.Ordinal))
        {
            name = name.Substring(3);
        }

        if (name.StartsWith("RTMIN", System.StringComparison.Ordinal) || name.StartsWith("RTMAX", System.StringComparison.Ordinal))
        {
            return true;
        }

        return System.Array.IndexOf(Signals, name) >= 0;
    }
}
