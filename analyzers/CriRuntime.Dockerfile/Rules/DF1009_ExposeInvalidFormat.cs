namespace CriRuntime.Dockerfile.Rules;

/// <summary>EXPOSE takes container ports only: IP addresses and host-port mappings belong to `docker run -p`.</summary>
internal sealed class DF1009_ExposeInvalidFormat : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.ExposeInvalidFormat, "EXPOSE must not contain an IP address or host port", "EXPOSE '{0}' names an IP address or host port; expose the container port only", RuleCategories.Correctness, Severity.Warning, null, "ExposeInvalidFormat");

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
                if (instr.Info.Expanded[a].IndexOf(':') >= 0)
                {
                    context.Report(Rule, instr.Arguments[a], instr.Info.Expanded[a]);
                }
            }
        }
    }
}
