namespace CriRuntime.Dockerfile.Rules;

/// <summary>EXPOSE ports must be 0-65535 (ranges and /proto allowed).</summary>
internal sealed class DF1008_InvalidPort : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InvalidPort, "Valid UNIX ports range from 0 to 65535", "'{0}' is not a valid port (0-65535)", RuleCategories.Correctness, Severity.Error, "DL3011");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "EXPOSE" || instr.Info.Expanded is null)
            {
                continue;
            }

            for (var a = 0; a < instr.Arguments.Count; a++)
            {
                var token = instr.Arguments[a];
                var value = instr.Info.Expanded[a];
                if (token.Text.IndexOf('$') >= 0 && value.Length == 0)
                {
                    continue;
                }

                var slash = value.IndexOf('/');
                var ports = slash >= 0 ? value.Substring(0, slash) : value;
                var colon = ports.LastIndexOf(':');
                if (colon >= 0)
                {
                    ports = ports.Substring(colon + 1);
                }

                var dash = ports.IndexOf('-');
                if (!IsPort(dash < 0 ? ports : ports.Substring(0, dash)) || (dash >= 0 && !IsPort(ports.Substring(dash + 1))))
                {
                    context.Report(Rule, token, value);
                }
            }
        }
    }

    private static bool IsPort(string s)
    {
        if (s.Length == 0 || s.Length > 5)
        {
            return false;
        }

        var n = 0;
        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            n = (n * 10) + (c - '0');
        }

        return n <= 65535;
    }
}
