namespace CriRuntime.Dockerfile.Rules;

/// <summary>FROM can only use ARGs declared before the first FROM (and BuildKit's platform ARGs).</summary>
internal sealed class DF1017_UndefinedArgInFrom : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.UndefinedArgInFrom, "FROM uses an undefined ARG", "FROM uses '${0}', which is not declared by an ARG before the first FROM", RuleCategories.Correctness, Severity.Warning, null, "UndefinedArgInFrom");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var stage in context.Stages)
        {
            var unresolved = stage.From.Info.Unresolved;
            if (unresolved is null)
            {
                continue;
            }

            foreach (var r in unresolved)
            {
                if (!r.HasFallback)
                {
                    context.Report(Rule, r.Start, r.End, r.Name);
                }
            }
        }
    }
}
