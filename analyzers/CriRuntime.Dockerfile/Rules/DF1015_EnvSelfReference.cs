namespace CriRuntime.Dockerfile.Rules;

/// <summary>Values of one ENV are expanded before any of its keys is set, so a later pair cannot use an earlier one.</summary>
internal sealed class DF1015_EnvSelfReference : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.EnvSelfReference, "Do not refer to an environment variable within the same ENV statement where it is defined", "'{0}' is defined in this same ENV and is not set yet when this value is expanded", RuleCategories.Correctness, Severity.Error, "DL3044");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword != "ENV" || instr.Info.Unresolved is null)
            {
                continue;
            }

            foreach (var r in instr.Info.Unresolved)
            {
                foreach (var pair in instr.Pairs)
                {
                    if (pair.Key.Value == r.Name && pair.Whole.End <= r.Start)
                    {
                        context.Report(Rule, r.Start, r.End, r.Name);
                        break;
                    }
                }
            }
        }
    }
}
