namespace CriRuntime.Dockerfile.Rules;

/// <summary>An SSH server in a container is an extra attack surface; use docker exec / kubectl exec.</summary>
internal sealed class DF5007_ExposeSshPort : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ExposeSshPort, "Do not expose the SSH port", "Port 22 is exposed: containers should not run an SSH server", RuleCategories.Security, Severity.Warning, null);

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
                var v = instr.Info.Expanded[a];
                if (v == "22" || v.StartsWith("22/", System.StringComparison.Ordinal))
                {
                    context.Report(Rule, instr.Arguments[a]);
                }
            }
        }
    }
}
