namespace CriRuntime.Dockerfile.Rules;

/// <summary>Only ARG (and comments, directives) may come before the first FROM.</summary>
internal sealed class DF1001_InstructionBeforeFrom : DockerfileRule
{
    public static readonly RuleDescriptor Rule = Describe(RuleIds.InstructionBeforeFrom, "Dockerfile must begin with FROM, ARG or a comment", "{0} before the first FROM: only ARG may come before FROM", RuleCategories.Correctness, Severity.Error, "DL3061");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(RuleContext context)
    {
        foreach (var instr in context.Instructions)
        {
            if (instr.Keyword == "FROM")
            {
                return;
            }

            if (instr.Keyword != "ARG" && Parsing.Keywords.IsKnown(instr.Keyword))
            {
                context.Report(Rule, instr.KeywordToken, instr.Keyword);
                return;
            }
        }
    }
}
