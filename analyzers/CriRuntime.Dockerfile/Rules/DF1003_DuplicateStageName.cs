namespace CriRuntime.Dockerfile.Rules;

/// <summary>Stage names must be unique (matched case-insensitively).</summary>
internal sealed class DF1003_DuplicateStageName : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.DuplicateStageName, "Stage names must be unique", "Duplicate stage name '{0}'", RuleCategories.Correctness, Severity.Error, "DL3024", "DuplicateStageName");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        var stages = context.Stages;
        for (var i = 1; i < stages.Count; i++)
        {
            if (stages[i].Name is null)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (stages[j].Name == stages[i].Name)
                {
                    context.Report(Rule, stages[i].NameToken, stages[i].NameToken.Value);
                    break;
                }
            }
        }
    }
}
