namespace CriRuntime.Dockerfile.Rules;

/// <summary>EXPOSE protocols are lower case (tcp, udp, sctp).</summary>
internal sealed class DF1010_ExposeProtoCasing : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ExposeProtoCasing, "EXPOSE protocol should be lower case", "Protocol in '{0}' should be lower case", RuleCategories.Correctness, Severity.Warning, null, "ExposeProtoCasing", hasFix: true);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "EXPOSE")
            {
                continue;
            }

            foreach (var token in instr.Arguments)
            {
                var slash = token.Text.LastIndexOf('/');
                if (slash < 0)
                {
                    continue;
                }

                var proto = token.Text.Substring(slash + 1);
                var lower = proto.ToLowerInvariant();
                if (proto != lower && token.Text.Length == token.End - token.Start)
                {
                    var at = token.Start + slash + 1;
                    context.ReportWithFixes(Rule, at, token.End, context.Fix("Use lower case", at, token.End, lower), token.Text);
                }
            }
        }
    }
}
