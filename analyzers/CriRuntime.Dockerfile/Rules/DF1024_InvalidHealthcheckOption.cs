namespace CriRuntime.Dockerfile.Rules;

/// <summary>HEALTHCHECK durations need a unit (30s, 1m30s, 500ms) and --retries an integer; otherwise the build fails.</summary>
internal sealed class DF1024_InvalidHealthcheckOption : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidHealthcheckOption, "Invalid HEALTHCHECK option value", "--{0}={1} is not valid: {2}", RuleCategories.Correctness, Severity.Error, null);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            var healthcheck = instr.Keyword == "HEALTHCHECK" ? instr : instr.Trigger?.Keyword == "HEALTHCHECK" ? instr.Trigger : null;
            if (healthcheck is null)
            {
                continue;
            }

            foreach (var flag in healthcheck.Flags)
            {
                var value = flag.Value ?? string.Empty;
                if (value.IndexOf('$') >= 0)
                {
                    continue;
                }

                string? problem = null;
                switch (flag.Name)
                {
                    case "interval":
                    case "timeout":
                    case "start-period":
                    case "start-interval":
                        problem = IsDuration(value) ? null : "expected a duration with a unit such as 30s or 1m30s";
                        break;
                    case "retries":
                        problem = int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) ? null : "expected a non-negative integer";
                        break;
                }

                if (problem != null)
                {
                    context.Report(Rule, flag.Token, flag.Name, value, problem);
                }
            }
        }
    }

    /// <summary>Go duration syntax: one or more number+unit pairs (ns, us, µs, ms, s, m, h); a bare 0 is allowed.</summary>
    internal static bool IsDuration(string value)
    {
        if (value == "0")
        {
            return true;
        }

        var i = 0;
        var pairs = 0;
        while (i < value.Length)
        {
            var start = i;
            while (i < value.Length && (char.IsDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            var unitStart = i;
            while (i < value.Length && !char.IsDigit(value[i]) && value[i] != '.')
            {
                i++;
            }

            var unit = value.Substring(unitStart, i - unitStart);
            if (unit != "ns" && unit != "us" && unit != "µs" && unit != "ms" && unit != "s" && unit != "m" && unit != "h")
            {
                return false;
            }

            pairs++;
        }

        return pairs > 0;
    }
}
